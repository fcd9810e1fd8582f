namespace NasSharp.Tests.Ops;

using NasSharp.Ops;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>One contract over every registered op (timm-style): shape, gradients, determinism, no leaks.</summary>
public class OpContractTests
{
    public static TheoryData<string, int, bool> Cases()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (var name in OpRegistry.Names)
            foreach (var stride in new[] { 1, 2 })
                foreach (var affine in new[] { true, false })
                    data.Add(name, stride, affine);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Create_AnyRegisteredOp_MeetsContract(string name, int stride, bool affine)
    {
        const int c = 8;
        foreach (var size in new[] { 8, 7 })
        {
            torch.manual_seed(1);
            using var op = OpRegistry.Create(name, c, stride, affine);
            using var x = randn(2, c, size, size);
            using (var y = op.forward(x))
            {
                var expected = stride == 1 ? size : (size + 1) / 2;
                Assert.Equal(new long[] { 2, c, expected, expected }, y.shape);
            }

            var parameters = op.parameters().ToArray();
            if (parameters.Length > 0)
            {
                // Gradients reach every parameter.
                using (var scope = NewDisposeScope())
                {
                    var y = op.forward(x);
                    y.mul(randn_like(y)).sum().backward();
                }
                foreach (var p in parameters)
                {
                    Assert.NotNull(p.grad);
                    Assert.True(p.grad!.abs().sum().item<float>() > 0, $"{name}: a parameter received no gradient");
                }
            }

            // No native tensors leak from a forward+backward step (the op's intermediates are all disposed). Gradients an
            // earlier backward (of this test or another on this thread) left wrapped are released first, so the count
            // below sees this step alone.
            NasSharp.Ops.OneDnnGroupedConv.ReleaseReturnedGradients();
            NasSharp.Ops.Binary.SignSte.ReleaseReturnedGradients();
            var before = DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;
            using (var y = op.call(x))
            {
                if (parameters.Length > 0)
                {
                    using var s = y.sum();
                    s.backward();
                }
            }
            // The one carry-over allowed: the gradients the last backward of each ReleasingTensorFunction returned stay wrapped until
            // the next one runs (TorchSharp never disposes a custom function's returned gradients).
            NasSharp.Ops.OneDnnGroupedConv.ReleaseReturnedGradients();
            NasSharp.Ops.Binary.SignSte.ReleaseReturnedGradients();
            Assert.Equal(before, DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardFromShared_AnySharingOp_EqualsForward(string name, int stride, bool affine)
    {
        torch.manual_seed(3);
        using var op = OpRegistry.Create(name, 8, stride, affine);
        if (op is not ISharedInputOp sharing) return; // none, skip_connect at stride 1: nothing to share
        op.eval();
        using var x = randn(2, 8, 7, 7);
        using var scope = NewDisposeScope();
        Assert.True(sharing.ForwardFromShared(sharing.Shared(x)).equal(op.call(x)).all().item<bool>(), $"{name} stride {stride}: split forward differs");
    }

    [Fact]
    public void SharedKey_EqualKeys_GiveEqualSharedSteps()
    {
        // Every registered op, plain and as a DARTS mixed op (pool + BatchNorm), at both strides: ops whose keys are
        // equal must compute equal shared steps on one input, or sharing would hand one op another's input.
        torch.manual_seed(4);
        var ops = OpRegistry.Names.SelectMany(n => new[] { 1, 2 }.SelectMany(s => new[] { OpRegistry.Create(n, 8, s), CellOps.Real.CreateMixed(n, 8, s) }))
            .OfType<ISharedInputOp>().ToArray();
        using var x = randn(2, 8, 7, 7);
        using var scope = NewDisposeScope();
        var byKey = new Dictionary<string, Tensor>();
        var keys = 0;
        foreach (var op in ops)
        {
            var shared = op.Shared(x);
            if (byKey.TryGetValue(op.SharedKey, out var first)) Assert.True(first.equal(shared).all().item<bool>(), $"key {op.SharedKey}: shared steps differ");
            else { byKey[op.SharedKey] = shared; keys++; }
        }
        Assert.Equal(5, keys); // relu, max and avg pool at strides 1 and 2
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Create_SameSeed_GivesIdenticalOutputs(string name, int stride, bool affine)
    {
        float[] Run()
        {
            torch.manual_seed(42);
            using var op = OpRegistry.Create(name, 4, stride, affine);
            using var x = randn(2, 4, 8, 8);
            using var y = op.forward(x);
            return y.data<float>().ToArray();
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Create_UnknownOp_ThrowsListingValidOps()
    {
        var e = Assert.Throws<UnknownOpException>(() => OpRegistry.Create("sep_conv_4x4", 8, 1));
        Assert.Contains("sep_conv_4x4", e.Message);
        Assert.Contains("sep_conv_3x3", e.Message);
        Assert.Contains("nor_conv_1x1", e.Message);
    }

    [Fact]
    public void Create_SkipConnectStride1_IsIdentity()
    {
        using var op = OpRegistry.Create("skip_connect", 4, 1);
        using var x = randn(1, 4, 6, 6);
        using var y = op.forward(x);
        Assert.True(y.eq(x).all().item<bool>());
    }

    [Fact]
    public void Create_AvgPool_DoesNotCountPadding()
    {
        using var op = OpRegistry.Create("avg_pool_3x3", 1, 1);
        using var x = ones(1, 1, 4, 4);
        using var y = op.forward(x);
        // With count_include_pad=false the corner averages only real pixels: all ones stay ones.
        Assert.Equal(1f, y[0, 0, 0, 0].item<float>(), 6);
    }
}
