namespace NasSharp.Tests.Ops;

using NasSharp.Networks;
using NasSharp.Ops;
using NasSharp.Ops.Binary;
using NasSharp.SearchSpaces;
using NasSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

public sealed class BinaryOpsTests
{
    [Fact]
    public void SignSte_Backward_PassesGradientOnlyInsideTheUnitWindow()
    {
        using var x = tensor(new float[] { -2, -1, -0.5f, 0.3f, 1, 2 }).requires_grad_();
        using var g = tensor(new float[] { 1, 2, 3, 4, 5, 6 });
        using var y = SignSte.Apply(x);
        using var loss = y.mul(g).sum();
        loss.backward();
        Assert.Equal(new float[] { 0, 0, 3, 4, 0, 0 }, x.grad!.data<float>().ToArray());
        Assert.Equal(new float[] { -1, -1, -1, 1, 1, 1 }, y.data<float>().ToArray());
    }

    [Fact]
    public void SignSte_Forward_IsExactlyMinusOneZeroOrOne()
    {
        manual_seed(3);
        using var r = randn(1000).mul(3);
        using var x = cat([r, zeros(5)]);
        using var y = SignSte.Apply(x);
        var values = y.data<float>().ToArray();
        Assert.All(values, v => Assert.True(v is -1f or 0f or 1f, $"sign gave {v}"));
        Assert.Equal(5, values.Count(v => v == 0f)); // sign(0) = 0, as torch.sign in the reference
        var xs = x.data<float>().ToArray();
        for (var i = 0; i < xs.Length; i++) Assert.Equal(MathF.Sign(xs[i]), values[i]);
    }

    // Hand-computed: the mean is over the input-channel axis (bnn/ops.py x.mean(1)); both kernel positions of both output
    // channels have mean exactly 1. Output 0: Wc = [0,1],[2,-3],[-2,2], alpha = 10/6. Output 1: Wc = [-0.5,-2],[-0.5,-1],[1,3], alpha = 8/6.
    private static Tensor HandWeight() => tensor(new float[] { 1, 2, 3, -2, -1, 3, 0.5f, -1, 0.5f, 0, 2, 4 }).reshape(2, 3, 1, 2);

    [Fact]
    public void Binarize_SmallWeight_SignOfCenteredTimesPerChannelMeanAbs()
    {
        using var w = HandWeight();
        using var b = WeightBinarizer.Binarize(w);
        var a0 = 10f / 6;
        var a1 = 8f / 6;
        var expected = new[] { 0, a0, a0, -a0, -a0, a0, -a1, -a1, -a1, -a1, a1, a1 };
        var actual = b.data<float>().ToArray();
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 5);
        using var scale = WeightBinarizer.Scale(WeightBinarizer.Center(w));
        Assert.Equal(new[] { a0, a1 }, scale.data<float>().ToArray(), (p, q) => MathF.Abs(p - q) < 1e-6f);
    }

    [Fact]
    public void Binarize_Backward_ScaleCarriesNoGradientAndWeightsUseTheSte()
    {
        // Loss = sum(G * Wb). With alpha detached: dL/dWc = alpha * G * 1{|Wc| < 1}, then through the centring.
        manual_seed(5);
        using var w = randn(3, 4, 2, 2).mul(0.8f).requires_grad_();
        using var g = randn(3, 4, 2, 2);
        using (var loss = WeightBinarizer.Binarize(w).mul(g).sum()) loss.backward();
        using var noGrad = no_grad();
        using var wc = w.sub(w.mean([1], keepdim: true));
        using var alpha = wc.abs().mean([1, 2, 3], keepdim: true);
        using var gc = g.mul(alpha).mul(wc.abs().lt(1).to_type(ScalarType.Float32));
        using var expected = gc.sub(gc.mean([1], keepdim: true));
        Assert.True(wc.abs().ge(1).any().item<bool>(), "the test weight should reach outside the STE window somewhere");
        Assert.True(w.grad!.allclose(expected, rtol: 1e-5, atol: 1e-6), "gradient differs from the detached-scale STE formula");
    }

    [Fact]
    public void BinaryConv2d_BinarizeWeights_EqualsManualConvOfSignAndBinarizedWeight()
    {
        manual_seed(7);
        using var conv = new BinaryConv2d(4, 6, 3, stride: 2, padding: 2, dilation: 2, groups: 2) { BinarizeWeights = true };
        using var x = randn(2, 4, 9, 9);
        using var y = conv.call(x);
        using var noGrad = no_grad();
        var w = conv.weight;
        using var wc = w.sub(w.mean([1], keepdim: true));
        using var wb = wc.sign().mul(wc.abs().mean([1, 2, 3], keepdim: true));
        using var expected = nn.functional.conv2d(x.sign(), wb, null, strides: [2, 2], padding: [2, 2], dilation: [2, 2], groups: 2);
        Assert.Equal(expected.shape, y.shape);
        Assert.True(y.allclose(expected, rtol: 1e-5, atol: 1e-5));
        // Its effective weight takes exactly two values (±alpha) per output channel.
        using var eff = conv.EffectiveWeight();
        for (var o = 0; o < 6; o++)
        {
            var (values, _, _) = eff[o].unique();
            using (values) Assert.Equal(2, values.numel());
        }
    }

    // The grouped conv runs on oneDNN where the self-check agrees (OneDnnGroupedConv): output, input gradient (through
    // the STE) and weight gradient against the same maths in float64 on the reference kernels, at BATS's group sizes
    // (2, 3 and 8 channels a group), both stages. float32 rounding gives ~1e-7 of the scale; oneDNN's wrong dense-conv
    // gradients on this kind of machine were off by 1e-1 and more.
    [Theory]
    [InlineData(24, 12, 3, 1, 1, false)]
    [InlineData(12, 4, 5, 2, 2, false)]
    [InlineData(96, 12, 3, 1, 1, true)]
    public void BinaryConv2d_Grouped_MatchesFloat64ReferenceInOutputAndGradients(int channels, int groups, int kernel, int dilation, int stride, bool binaryWeights)
    {
        manual_seed(12);
        var padding = dilation * (kernel - 1) / 2;
        using var conv = new BinaryConv2d(channels, channels, kernel, stride, padding, dilation, groups) { BinarizeWeights = binaryWeights };
        using var scope = NewDisposeScope();
        var x = randn(4, channels, 12, 12).mul(0.8).requires_grad_(true);
        var y = conv.call(x);
        var upstream = randn(y.shape);
        y.backward([upstream]);

        var x64 = x.detach().to(float64).requires_grad_(true);
        var w64 = conv.weight.detach().to(float64).requires_grad_(true);
        var w = binaryWeights ? WeightBinarizer.Binarize(w64) : w64;
        // The STE as a formula: forward sign(x), backward the gradient where |x| < 1.
        var xb = x64.sign().detach() + (x64 - x64.detach()).mul(x64.detach().abs().lt(1));
        var y64 = nn.functional.conv2d(xb, w, strides: [stride, stride], padding: [padding, padding], dilation: [dilation, dilation], groups: groups);
        y64.backward([upstream.to(float64)]);

        foreach (var (expected, got, what) in new[] { (y64.detach(), y.detach(), "output"), (x64.grad!, x.grad!, "input gradient"), (w64.grad!, conv.weight.grad!, "weight gradient") })
        {
            var error = (got.to(float64) - expected).abs().max().item<double>() / Math.Max(1e-12, expected.abs().max().item<double>());
            Assert.True(error < 1e-5, $"{what}: off by {error:E1} of its scale");
        }
    }

    [Fact]
    public void BinaryConv2d_Stage1Mode_ConvolvesSignOfInputWithTheRealWeight()
    {
        manual_seed(8);
        using var conv = new BinaryConv2d(3, 5, 3, padding: 1);
        using var x = randn(1, 3, 6, 6);
        using var y = conv.call(x);
        using var expected = nn.functional.conv2d(x.sign(), conv.weight, null, padding: [1, 1]);
        Assert.True(y.allclose(expected, rtol: 1e-5, atol: 1e-6));
        Assert.Equal(["weight"], conv.state_dict().Keys.ToArray());
    }

    [Fact]
    public void ChannelShuffle_EightChannelsFourGroups_InterleavesGroups()
    {
        using var x = arange(8, dtype: ScalarType.Float32).reshape(1, 8, 1, 1);
        using var y = new ChannelShuffle(4).call(x);
        Assert.Equal(new float[] { 0, 2, 4, 6, 1, 3, 5, 7 }, y.data<float>().ToArray());
    }

    private static void ZeroConvWeights(nn.Module m)
    {
        using var noGrad = no_grad();
        foreach (var layer in BinaryConv2d.Layers(m)) layer.weight.zero_();
    }

    [Fact]
    public void BinaryGroupedConv_ZeroWeights_IdentityShortcutAtStrideOneOnly()
    {
        manual_seed(9);
        using var x = randn(2, 8, 6, 6);
        using var s1 = new BinaryGroupedConv(8, 3, 1, 1, 1, groups: 4, affine: true);
        ZeroConvWeights(s1);
        using var y1 = s1.call(x);
        Assert.True(y1.eq(x).all().item<bool>(), "stride 1: x + shuffle(op(x)) with a zero conv must be x");
        using var s2 = new BinaryGroupedConv(8, 3, 2, 1, 1, groups: 4, affine: true);
        ZeroConvWeights(s2);
        using var y2 = s2.call(x);
        Assert.Equal(new long[] { 2, 8, 3, 3 }, y2.shape);
        Assert.Equal(0f, y2.abs().max().item<float>());
    }

    [Fact]
    public void BinaryGroupedConv_Forward_FreesEachIntermediateOnceRead()
    {
        // PyTorch frees the BN output once the conv has read it (the conv keeps only the signs' mask); held to the op's
        // end such intermediates left holes in the heap (bench/README.md, "Transients").
        manual_seed(3);
        using var x = randn(2, 8, 6, 6, requires_grad: true);
        using var op = new BinaryGroupedConv(8, 3, 1, 1, 1, groups: 4, affine: true);
        var modules = op.named_children().ToDictionary(c => c.name, c => c.module);
        Tensor? bnOut = null;
        bool? bnFreedBeforeAct = null;
        var h1 = ((nn.Module<Tensor, Tensor>)modules["bn"]).register_forward_hook((m, input, output) => bnOut = output);
        var h3 = ((nn.Module<Tensor, Tensor>)modules["act"]).register_forward_pre_hook((m, input) =>
        {
            bnFreedBeforeAct = bnOut!.IsInvalid;
            return input;
        });
        using var y = op.call(x);
        h1.remove();
        h3.remove();
        Assert.True(bnFreedBeforeAct, "the BN output is still held when the PReLU runs");
        y.sum().backward(); // what autograd saved is still there
        Assert.True(x.grad is { } g && g.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void BinaryPreprocess_ZeroWeights_ShortcutOnlyWhenChannelsMatch()
    {
        manual_seed(10);
        using var x = randn(2, 8, 5, 5);
        using var same = new BinaryPreprocess(8, 8, affine: true);
        ZeroConvWeights(same);
        using var y = same.call(x);
        Assert.True(same.HasShortcut);
        Assert.True(y.eq(x).all().item<bool>());
        using var widen = new BinaryPreprocess(8, 12, affine: true);
        ZeroConvWeights(widen);
        using var z = widen.call(x);
        Assert.False(widen.HasShortcut);
        Assert.Equal(0f, z.abs().max().item<float>());
    }

    public static TheoryData<string, int> DartsOps()
    {
        var data = new TheoryData<string, int>();
        foreach (var op in OpNames.Darts) foreach (var stride in new[] { 1, 2 }) data.Add(op, stride);
        return data;
    }

    [Theory]
    [MemberData(nameof(DartsOps))]
    public void Create_EveryDartsOp_BuildsWithTheRightShapeAndGradients(string op, int stride)
    {
        var family = new BinaryCellOps(groups: 4);
        foreach (var size in new[] { 8, 7 })
        {
            foreach (var mixed in new[] { false, true })
            {
                manual_seed(11);
                using var module = mixed ? family.CreateMixed(op, 8, stride) : family.Create(op, 8, stride, affine: true);
                using var x = randn(2, 8, size, size).requires_grad_();
                using var y = module.call(x);
                var expected = stride == 1 ? size : (size + 1) / 2;
                Assert.Equal(new long[] { 2, 8, expected, expected }, y.shape);
                if (op is OpNames.MaxPool3x3 or OpNames.AvgPool3x3)
                    Assert.Empty(module.modules().OfType<TorchSharp.Modules.BatchNorm2d>()); // no BN after pooling, in the search too
                var convs = BinaryConv2d.Layers(module).ToArray();
                if (op is OpNames.SepConv3x3 or OpNames.SepConv5x5 or OpNames.DilConv3x3 or OpNames.DilConv5x5)
                    Assert.Equal(4, Assert.Single(convs).Groups);
                if (convs.Length > 0)
                {
                    using (var loss = y.square().sum()) loss.backward();
                    Assert.All(convs, c => Assert.True(c.weight.grad is not null && c.weight.grad.abs().sum().item<float>() > 0, $"{op}: no gradient reached a binary conv"));
                }
            }
        }
    }

    [Fact]
    public void Create_UnknownOp_ThrowsListingTheBinaryOps()
    {
        var e = Assert.Throws<UnknownOpException>(() => new BinaryCellOps().Create("nor_conv_3x3", 12, 1, true));
        Assert.Contains("sep_conv_3x3", e.Message);
        Assert.Contains("dil_conv_5x5", e.Message);
    }

    [Fact]
    public void CheckChannels_SixteenWithTwelveGroups_RefusesNamingTheOptionAndValidValues()
    {
        var e = Assert.Throws<ArgumentException>(() => new BinaryCellOps(12).CheckChannels(16));
        Assert.Contains("--channels", e.Message);
        Assert.Contains("--binary-groups", e.Message);
        Assert.Contains("multiples of 12", e.Message);
        new BinaryCellOps(12).CheckChannels(24); // and accepts a multiple
        var six = Assert.Throws<ArgumentException>(() => new BinaryCellOps(6).CheckChannels(6)); // 6 is not divisible by the 4 shuffle groups
        Assert.Contains("multiples of 12", six.Message);
    }

    [Theory]
    [InlineData(12, 16, 12)]
    [InlineData(12, 18, 24)] // a tie goes up
    [InlineData(12, 5, 12)]  // below the first multiple
    [InlineData(12, 36, 36)]
    [InlineData(4, 16, 16)]
    [InlineData(6, 16, 12)]  // lcm(6, 4) = 12
    public void NearestValidChannels_PresetChannels_NearestMultipleOfLcmOfGroupsAndFour(int groups, int channels, int expected)
    {
        var family = new BinaryCellOps(groups);
        var nearest = family.NearestValidChannels(channels);
        Assert.Equal(expected, nearest);
        family.CheckChannels(nearest);
    }

    [Fact]
    public void Build_BinaryDartsV2_OnlyCellConvsAreBinaryAndSwitchCountsThem()
    {
        manual_seed(12);
        using var net = NetworkBuilder.Build(PublishedArchitectures.Get("DARTS_V2"), new NetworkOptions(1, 16, 10, 8, 3, Binary: true, BinaryGroups: 4));
        var binary = BinaryConv2d.Layers(net).Count();
        Assert.True(binary > 0);
        Assert.Single(net.modules().OfType<TorchSharp.Modules.Conv2d>()); // the real stem conv only
        Assert.Equal(binary, BinaryConv2d.SetWeightBinarization(net, true));
        Assert.All(BinaryConv2d.Layers(net), l => Assert.True(l.BinarizeWeights));
        Assert.Equal(binary, BinaryConv2d.SetWeightBinarization(net, false));
        using var y = net.call(randn(2, 1, 16, 16));
        Assert.Equal(new long[] { 2, 10 }, y.shape);
    }

    [Fact]
    public void Build_BinaryWithNb201Cell_ThrowsNotSupportedNamingTheSpace()
    {
        var e = Assert.Throws<NotSupportedException>(() => NetworkBuilder.Build(PublishedArchitectures.Get("NB201_RESNET"), new NetworkOptions(1, 16, 10, 8, 1, Binary: true)));
        Assert.Contains("nb201", e.Message);
        Assert.Contains("DARTS-format", e.Message);
    }

    [Fact]
    public void Build_BinaryChannelsNotDivisible_RefusesNamingTheOption()
    {
        var e = Assert.Throws<ArgumentException>(() => NetworkBuilder.Build(PublishedArchitectures.Get("DARTS_V2"), new NetworkOptions(1, 16, 10, 16, 3, Binary: true)));
        Assert.Contains("--binary-groups", e.Message);
    }

    [Fact]
    public void CreateOptimizer_Adam_BinaryWeightsInAnUndecayedGroup()
    {
        manual_seed(13);
        using var net = NetworkBuilder.Build(PublishedArchitectures.Get("DARTS_V2"), new NetworkOptions(1, 16, 10, 8, 3, Binary: true, BinaryGroups: 4));
        var parameters = net.parameters().ToArray();
        using var adam = Trainer.CreateOptimizer(net, parameters, new TrainingOptions { Optimizer = "adam", LearningRate = 1e-3, WeightDecay = 3e-4 });
        var groups = adam.ParamGroups.Cast<TorchSharp.Modules.ParamGroup<TorchSharp.Modules.Adam.Options>>().ToArray();
        Assert.Equal(2, groups.Length);
        Assert.Equal((0.0, 3e-4), (groups[0].Options.weight_decay!.Value, groups[1].Options.weight_decay!.Value));
        Assert.Equal(BinaryConv2d.Layers(net).Count(), groups[0].Parameters.Count());
        Assert.Equal(parameters.Length, groups.Sum(g => g.Parameters.Count()));
        Assert.IsType<TorchSharp.Modules.Adam>(adam);
    }

    [Fact]
    public void Validate_UnknownOptimizer_NamesTheOptionAndChoices()
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainingOptions { Optimizer = "rmsprop" }.Validate());
        Assert.Contains("Optimizer (--optimizer) must be one of sgd, adam, got rmsprop", e.Message);
    }
}
