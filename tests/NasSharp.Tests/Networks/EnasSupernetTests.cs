namespace NasSharp.Tests.Networks;

using NasSharp.Networks;
using NasSharp.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

public sealed class EnasSupernetTests
{
    private static readonly NetworkOptions Small = new(InputChannels: 1, ImageSize: 12, Classes: 5, Channels: 4, Layers: 5);

    private static void WarmUpBatchNorm(WeightSharingNetwork shared, Architecture arch, Tensor x)
    {
        // Two training-mode passes move the BN running statistics away from their initial values, so copying them is tested.
        shared.train();
        using (no_grad())
            for (var i = 0; i < 2; i++) shared.call(x, arch).Dispose();
        shared.eval();
    }

    [Theory]
    [InlineData("enas-micro")]
    [InlineData("enas-macro")]
    [InlineData("nb201")]
    public void ExportChild_SampledArchitectures_ComputesExactlyTheSharedModelsOutput(string spaceName)
    {
        manual_seed(0);
        ISearchSpace space = spaceName switch
        {
            "enas-micro" => new EnasMicroSearchSpace(),
            "enas-macro" => new EnasMacroSearchSpace(layers: 6),
            _ => new Nb201SearchSpace(),
        };
        using WeightSharingNetwork shared = space switch
        {
            EnasMicroSearchSpace micro => new EnasMicroSupernet(Small, micro),
            EnasMacroSearchSpace macro => new EnasMacroSupernet(Small, macro),
            _ => new Nb201Supernet(Small with { Layers = 2 }),
        };
        using var x = randn(6, 1, 12, 12);
        for (var seed = 0; seed < 4; seed++)
        {
            var arch = space.Sample(new Random(seed));
            WarmUpBatchNorm(shared, arch, x);
            using var child = shared.ExportChild(arch);
            Assert.IsType(spaceName switch { "enas-micro" => typeof(DartsNetwork), "enas-macro" => typeof(EnasMacroNetwork), _ => typeof(Nb201Network) }, child);
            child.eval();
            using var a = shared.call(x, arch);
            using var b = child.call(x);
            Assert.True(a.allclose(b, rtol: 1e-4, atol: 1e-5), $"seed {seed}: max difference {(a - b).abs().max().item<float>()}");
        }
    }

    [Fact]
    public void MicroForward_IdentityEdges_NodeSumsInPlaceLeaveStatesIntactAndMatchTheChild()
    {
        // The shared cell adds a node's two op outputs into one of them in place, never into an identity's output (a
        // state's alias): nodes with both, the first, the second and neither edge an identity, and a state read by two.
        manual_seed(0);
        OpEdge E(string op, int input) => new(op, input);
        var edges = new[]
        {
            E("skip_connect", 0), E("skip_connect", 1), E("skip_connect", 2), E("sep_conv_3x3", 0),
            E("sep_conv_3x3", 1), E("skip_connect", 3), E("max_pool_3x3", 2), E("avg_pool_3x3", 4),
            E("skip_connect", 5), E("skip_connect", 2),
        };
        var cell = new Cell(edges, new Cell(edges, []).LooseEnds());
        var arch = new CellGenotype(cell, cell);
        var space = new EnasMicroSearchSpace();
        using var shared = new EnasMicroSupernet(Small, space);
        using var x = randn(6, 1, 12, 12);
        WarmUpBatchNorm(shared, arch, x);
        using var child = shared.ExportChild(arch);
        child.eval();
        using var a = shared.call(x, arch);
        using var b = child.call(x);
        Assert.True(a.allclose(b, rtol: 1e-4, atol: 1e-5), $"max difference {(a - b).abs().max().item<float>()}");
        shared.train();
        using var y = shared.call(x, arch);
        y.sum().backward(); // an in-place sum into a tensor autograd saved would throw here
    }

    [Fact]
    public void MicroForward_SampledPath_OnlySampledOpsReceiveGradients()
    {
        manual_seed(1);
        var space = new EnasMicroSearchSpace();
        using var shared = new EnasMicroSupernet(Small, space);
        var arch = space.Sample(new Random(3));
        using var x = randn(4, 1, 12, 12);
        shared.zero_grad();
        shared.call(x, arch).sum().backward();

        var cells = shared.named_modules().Where(m => m.module is EnasMicroSharedCell).Select(m => (EnasMicroSharedCell)m.module).ToArray();
        var used = new HashSet<string>();
        for (var k = 0; k < cells.Length; k++)
        {
            var cell = cells[k].Reduction ? arch.Reduce : arch.Normal;
            for (var e = 0; e < cell.Edges.Count; e++)
                used.Add($"cells.{k}.ops.{cells[k].OpIndex(e / 2, e % 2, cell.Edges[e].Input, cell.Edges[e].Op)}.");
        }
        int withGrad = 0, without = 0;
        foreach (var (name, p) in shared.named_parameters().Where(p => p.name.Contains(".ops.")))
        {
            var sampled = used.Any(u => name.StartsWith(u, StringComparison.Ordinal));
            var hasGrad = p.grad is { } g && g.abs().sum().item<float>() > 0;
            if (sampled) Assert.True(hasGrad, $"{name} was sampled but got no gradient");
            else Assert.False(hasGrad, $"{name} was not sampled but got a gradient");
            if (hasGrad) withGrad++; else without++;
        }
        Assert.True(withGrad > 0 && without > 10 * withGrad, $"{withGrad} op parameters with gradients, {without} without");
    }

    [Fact]
    public void MacroForward_SampledPath_OnlySampledBranchesReceiveGradients()
    {
        manual_seed(1);
        var space = new EnasMacroSearchSpace(layers: 6);
        using var shared = new EnasMacroSupernet(Small, space);
        var arch = space.Sample(new Random(3));
        using var x = randn(4, 1, 12, 12);
        shared.zero_grad();
        shared.call(x, arch).sum().backward();
        foreach (var (name, p) in shared.named_parameters().Where(p => p.name.Contains(".branches.")))
        {
            var parts = name.Split('.');
            var layer = int.Parse(parts[2]);
            var sampled = space.Ops[int.Parse(parts[4])] == arch.Layers[layer].Op;
            var hasGrad = p.grad is { } g && g.abs().sum().item<float>() > 0;
            Assert.True(sampled == hasGrad, $"{name}: sampled {sampled}, gradient {hasGrad}");
        }
    }

    [Fact]
    public void MicroForward_ArchitectureOfAnotherSpace_ThrowsNamingTheSpace()
    {
        using var shared = new EnasMicroSupernet(Small);
        using var x = randn(2, 1, 12, 12);
        var ex = Assert.Throws<ArgumentException>(() => shared.call(x, new EnasMacroSearchSpace(layers: 3).Sample(new Random(0))));
        Assert.Contains("enas-macro", ex.Message);
    }

    [Fact]
    public void Nb201Forward_SampledCell_OnlyItsOpsReceiveGradients()
    {
        manual_seed(2);
        using var shared = new Nb201Supernet(Small with { Layers = 1 });
        var arch = new Nb201Genotype(["nor_conv_3x3", "nor_conv_1x1", "skip_connect", "none", "avg_pool_3x3", "nor_conv_3x3"]);
        using var x = randn(4, 1, 12, 12);
        shared.zero_grad();
        shared.call(x, arch).sum().backward();
        var withGrad = shared.named_parameters().Where(p => p.parameter.grad is not null).Select(p => p.name).ToHashSet();
        // Cells sit at body.0, body.2, body.4; only op slots 3 (nor_conv_3x3, edge 0 and 5) and 2 (nor_conv_1x1, edge 1) have weights used.
        foreach (var (name, _) in shared.named_parameters().Where(p => p.name.Contains(".edges.")))
        {
            var parts = name.Split('.');
            var used = (parts[3], parts[4]) is ("0", "3") or ("5", "3") or ("1", "2");
            Assert.True(used == withGrad.Contains(name), name);
        }
        Assert.Contains("stem.0.weight", withGrad);
    }
}
