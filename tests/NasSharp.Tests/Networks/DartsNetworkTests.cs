namespace NasSharp.Tests.Networks;

using NasSharp.Cost;
using NasSharp.Networks;
using NasSharp.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

public class DartsNetworkTests
{
    private const string DartsV2 =
        "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), " +
        "('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], " +
        "reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), " +
        "('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])";

    [Fact]
    public void Build_DartsV2AtPaperSize_Has3_35MParameters()
    {
        // DARTS (Liu et al. 2019) reports 3.3M for DARTS_V2 at C=36, 20 cells on CIFAR-10; DARTS train.py's log prints
        // "param size = 3.349342MB", counted without the auxiliary head.
        using var net = new DartsNetwork(DartsFormat.Parse(DartsV2), new NetworkOptions(3, 32, 10, 36, 20, Auxiliary: false));
        Assert.Equal(3_349_342, CostCounter.CountParameters(net));
    }

    [Theory]
    [InlineData(1, 28)]
    [InlineData(3, 32)]
    public void ForwardWithAux_Training_GivesMainAndAuxLogits(int channels, int size)
    {
        torch.manual_seed(0);
        using var net = new DartsNetwork(DartsFormat.Parse(DartsV2), new NetworkOptions(channels, size, 10, 8, 5, Auxiliary: true));
        net.train();
        using var x = randn(2, channels, size, size);
        var (logits, aux) = net.ForwardWithAux(x);
        Assert.Equal(new long[] { 2, 10 }, logits.shape);
        Assert.NotNull(aux);
        Assert.Equal(new long[] { 2, 10 }, aux!.shape);
        net.eval();
        var (_, auxEval) = net.ForwardWithAux(x);
        Assert.Null(auxEval);
    }

    [Fact]
    public void Forward_SharedInputWork_SameOutputAndGradientsAsEachOpAlone()
    {
        // DARTS_V2's normal cell runs sep_conv_3x3 on input 0 twice and on input 1 three times (one ReLU each when
        // shared), its reduction cell five max pools on two inputs.
        AssertSharingChangesOnlyRounding(share => Step(share));

        static (Tensor, Tensor[]) Step(bool share)
        {
            torch.manual_seed(5);
            var net = new DartsNetwork(DartsFormat.Parse(DartsV2), new NetworkOptions(1, 16, 10, 8, 5));
            foreach (var m in net.modules().OfType<DartsCell>()) m.ShareInputWork = share;
            net.train();
            var x = randn(4, 1, 16, 16).requires_grad_();
            var y = net.call(x);
            y.mul(torch.arange(40).view(4, 10)).sum().backward();
            return (y.detach(), [x.grad!, .. net.parameters().Select(p => p.grad!)]);
        }
    }

    /// <summary>Runs <paramref name="step"/> with shared input work on and off: the outputs must be bit-identical, the
    /// gradients (input's, then parameters') within <see cref="AssertClose"/>'s tolerance.</summary>
    internal static void AssertSharingChangesOnlyRounding(Func<bool, (Tensor Output, Tensor[] Grads)> step)
    {
        var (output, grads) = step(true);
        var (reference, referenceGrads) = step(false);
        Assert.True(output.equal(reference).all().item<bool>(), "the forward must be bit-identical");
        Assert.Equal(referenceGrads.Length, grads.Length);
        foreach (var (g, r) in grads.Zip(referenceGrads)) AssertClose(g, r);
    }

    internal static void AssertClose(Tensor got, Tensor expected)
    {
        var scale = expected.abs().max().item<float>();
        var diff = (got - expected).abs().max().item<float>();
        Assert.True(diff <= 1e-5f * scale + 1e-7f, $"gradient differs by {diff} (scale {scale})");
    }

    [Fact]
    public void Forward_EvalMode_IgnoresDropPath()
    {
        torch.manual_seed(0);
        using var net = new DartsNetwork(DartsFormat.Parse(DartsV2), new NetworkOptions(1, 16, 10, 8, 3));
        net.DropPathProbability = 0.5;
        net.eval();
        using var x = randn(2, 1, 16, 16);
        using var a = net.forward(x);
        using var b = net.forward(x);
        Assert.True(a.allclose(b));
    }

    [Fact]
    public void Forward_DropPathInTraining_ChangesOutputBetweenCalls()
    {
        torch.manual_seed(0);
        using var net = new DartsNetwork(DartsFormat.Parse(DartsV2), new NetworkOptions(1, 16, 10, 8, 3));
        net.DropPathProbability = 0.5;
        net.train();
        using var x = randn(4, 1, 16, 16);
        using var a = net.forward(x);
        using var b = net.forward(x);
        Assert.False(a.allclose(b));
    }

    [Fact]
    public void Forward_ReductionCellConcatenatingAnInput_ReducesItToo()
    {
        // ENAS-style cell whose loose ends include cell input 1.
        var cell = DartsFormat.Parse(
            "Genotype(normal=[('sep_conv_3x3', 0), ('skip_connect', 0), ('avg_pool_3x3', 2), ('max_pool_3x3', 0)], normal_concat=[1, 3], " +
            "reduce=[('sep_conv_3x3', 0), ('skip_connect', 0), ('avg_pool_3x3', 2), ('max_pool_3x3', 0)], reduce_concat=[1, 3])");
        torch.manual_seed(0);
        using var net = new DartsNetwork(cell, new NetworkOptions(1, 28, 10, 8, 3));
        using var x = randn(2, 1, 28, 28);
        using var y = net.forward(x);
        Assert.Equal(new long[] { 2, 10 }, y.shape);
    }
}
