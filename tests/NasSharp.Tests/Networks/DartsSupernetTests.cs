namespace NasSharp.Tests.Networks;

using NasSharp.Networks;
using NasSharp.Ops;
using NasSharp.SearchSpaces;
using NasSharp.Strategies.Darts;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>The DARTS mixed op and supernets: the weighted sum, α kept apart from ω, the temperature, and each optimiser
/// moving only its own parameters.</summary>
public sealed class DartsSupernetTests
{
    [Fact]
    public void MixedOp_Forward_EqualsWeightedSumOfItsOps()
    {
        manual_seed(1);
        using var mixed = new MixedOp(OpNames.Darts, CellOps.Real, 4, 1);
        mixed.eval(); // BatchNorm with running statistics: each op's output does not depend on the others' calls
        using var x = randn(2, 4, 6, 6);
        using var w = nn.functional.softmax(randn(OpNames.Darts.Count), 0);
        using var got = mixed.call(x, w);
        var modules = mixed.named_children().Single().module.children().Cast<nn.Module<Tensor, Tensor>>().ToArray();
        Assert.Equal(OpNames.Darts.Count, modules.Length);
        using var expected = zeros_like(got);
        for (var k = 0; k < modules.Length; k++) expected.add_(modules[k].call(x).mul(w[k]));
        Assert.True(got.allclose(expected, rtol: 1e-5, atol: 1e-6), $"max diff {(got - expected).abs().max().item<float>()}");
        // ...and a one-hot weight picks out exactly one op.
        using var onehot = zeros(OpNames.Darts.Count);
        onehot[4] = tensor(1f);
        Assert.True(mixed.call(x, onehot).allclose(modules[4].call(x), rtol: 1e-6, atol: 1e-7));
    }

    [Fact]
    public void Forward_SharedInputWork_SameOutputAndGradientsAsEachOpAlone()
    {
        // Every state feeds several edges, each running four ReLU-first convs and two pools: one ReLU and one pool of
        // each kind per state when shared.
        DartsNetworkTests.AssertSharingChangesOnlyRounding(share => Step(share));

        static (Tensor, Tensor[]) Step(bool share)
        {
            manual_seed(6);
            var net = new DartsSupernet(new NetworkOptions(1, 8, 3, 4, 3), nodes: 3);
            foreach (var m in net.modules().OfType<DartsSearchCell>()) m.ShareInputWork = share;
            net.train();
            var x = randn(4, 1, 8, 8).requires_grad_();
            var y = net.call(x);
            y.mul(torch.arange(12).view(4, 3)).sum().backward();
            return (y.detach(), [x.grad!, .. net.parameters().Select(p => p.grad!)]);
        }
    }

    [Fact]
    public void Nb201Supernet_SharedInputWork_SameOutputAndGradientsAsEachOpAlone()
    {
        DartsNetworkTests.AssertSharingChangesOnlyRounding(share => Step(share));

        static (Tensor, Tensor[]) Step(bool share)
        {
            manual_seed(9);
            var net = new Nb201DartsSupernet(new NetworkOptions(1, 8, 3, 4, 1));
            foreach (var m in net.modules().OfType<Nb201MixedCell>()) m.ShareInputWork = share;
            net.train();
            var x = randn(4, 1, 8, 8).requires_grad_();
            var y = net.call(x);
            y.mul(torch.arange(12).view(4, 3)).sum().backward();
            return (y.detach(), [x.grad!, .. net.parameters().Select(p => p.grad!)]);
        }
    }

    [Fact]
    public void MixingWeights_TemperatureFalls_DistributionSharpensAroundTheSameOp()
    {
        manual_seed(2);
        using var net = new DartsSupernet(new NetworkOptions(1, 8, 3, 4, 3), nodes: 2);
        using (no_grad()) net.ArchitectureParameters[0].copy_(randn(5, 8));
        double previous = double.MaxValue;
        int[]? argmax = null;
        foreach (var t in new[] { 1.0, 0.5, 0.2, 0.05 })
        {
            net.Temperature = t;
            var w = net.MixingWeightValues()["normal"];
            var entropy = w.Average(DartsSearch.Entropy);
            Assert.True(entropy < previous, $"T={t}: mean entropy {entropy} not below {previous}");
            previous = entropy;
            var picks = w.Select(row => Array.IndexOf(row, row.Max())).ToArray();
            argmax ??= picks;
            Assert.Equal(argmax, picks); // the order of the ops does not change with T
        }
        Assert.True(previous < 0.5, $"at T=0.05 the choice should be nearly one-hot, mean entropy {previous}");
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Temperature = 0);
    }

    [Fact]
    public void Parameters_AlphasAndWeights_AreDisjointAndCoverTheModule()
    {
        using var net = new DartsSupernet(new NetworkOptions(1, 8, 3, 4, 3), nodes: 2);
        var alphas = net.ArchitectureParameters.Select(p => p.Handle).ToHashSet();
        var weights = net.WeightParameters.Select(p => p.Handle).ToHashSet();
        Assert.Equal(2, alphas.Count);
        Assert.Empty(alphas.Intersect(weights));
        Assert.Equal(net.parameters().Count(), alphas.Count + weights.Count);
        Assert.Equal([5L, 8], net.ArchitectureParameters[0].shape);
        Assert.Contains(net.state_dict().Keys, k => k == "alphas_normal");
    }

    [Fact]
    public void BilevelStep_EachOptimiser_MovesOnlyItsOwnParameters()
    {
        manual_seed(3);
        using var net = new DartsSupernet(new NetworkOptions(1, 8, 3, 4, 3), nodes: 2);
        using var bilevel = new BilevelOptimizer(net, new DartsOptions { ArchLearningRate = 0.1 });
        using var x = randn(8, 1, 8, 8);
        using var y = randint(0, 3, 8);
        using var xv = randn(8, 1, 8, 8);
        using var yv = randint(0, 3, 8);
        Tensor[] Snapshot(IEnumerable<TorchSharp.Modules.Parameter> ps) => ps.Select(p => p.detach().clone()).ToArray();
        bool Same(Tensor[] a, IEnumerable<TorchSharp.Modules.Parameter> ps) => a.Zip(ps).All(t => t.First.eq(t.Second).all().item<bool>());

        // The α step alone (the architect's gradient + Adam): ω stays bit-identical, α moves.
        var w0 = Snapshot(net.WeightParameters);
        var a0 = Snapshot(net.ArchitectureParameters);
        bilevel.ArchitectureOptimizer.zero_grad();
        new DartsArchitect(net.WeightParameters, net.ArchitectureParameters, (a, b) => nn.functional.cross_entropy(net.call(a), b), 0.9, 3e-4).FirstOrder(xv, yv);
        bilevel.ArchitectureOptimizer.step();
        Assert.True(Same(w0, net.WeightParameters), "the architecture optimiser changed ω");
        Assert.False(Same(a0, net.ArchitectureParameters), "α did not move");

        // The ω step: α stays bit-identical although the training loss has a gradient for it.
        var a1 = Snapshot(net.ArchitectureParameters);
        var w1 = Snapshot(net.WeightParameters);
        bilevel.WeightOptimizer.zero_grad();
        nn.functional.cross_entropy(net.call(x), y).backward();
        Assert.NotNull(net.ArchitectureParameters[0].grad);
        bilevel.WeightOptimizer.step();
        Assert.True(Same(a1, net.ArchitectureParameters), "the weight optimiser changed α");
        Assert.False(Same(w1, net.WeightParameters), "ω did not move");

        // A whole step moves both.
        var a2 = Snapshot(net.ArchitectureParameters);
        var w2 = Snapshot(net.WeightParameters);
        bilevel.Step(x, y, xv, yv);
        Assert.False(Same(a2, net.ArchitectureParameters));
        Assert.False(Same(w2, net.WeightParameters));
    }

    [Fact]
    public void Nb201Supernet_OneHotAlpha_DerivesThatCellAndOutputsFinite()
    {
        manual_seed(4);
        using var net = new Nb201DartsSupernet(new NetworkOptions(1, 8, 3, 4, 1));
        var ops = new[] { "nor_conv_3x3", "skip_connect", "none", "avg_pool_3x3", "nor_conv_1x1", "nor_conv_3x3" };
        using (no_grad())
        {
            var alpha = net.ArchitectureParameters[0];
            alpha.zero_();
            for (var e = 0; e < 6; e++) alpha[e, NasSharp.Networks.Nb201SharedCell.OpIndex(ops[e])] = tensor(3f);
        }
        Assert.Equal(new Nb201Genotype(ops), net.Derive());
        using var logits = net.call(randn(2, 1, 8, 8));
        Assert.Equal([2L, 3], logits.shape);
        Assert.True(logits.isfinite().all().item<bool>());
    }
}
