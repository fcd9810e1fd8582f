using NasSharp.SearchSpaces;

namespace NasSharp.Tests.SearchSpaces;

public class SearchSpaceTests
{
    [Fact]
    public void CellSample_SameSeed_DeterministicAndValid()
    {
        var space = new CellSearchSpace();
        var r1 = new Random(42);
        var r2 = new Random(42);
        for (var i = 0; i < 200; i++)
        {
            var g = space.Sample(r1);
            Assert.Equal(g, space.Sample(r2));
            space.Validate(g);
            Assert.DoesNotContain(g.Normal.Edges, e => e.Op == OpNames.None);
            for (var n = 0; n < space.Nodes; n++)
                Assert.NotEqual(g.Normal.Edges[2 * n].Input, g.Normal.Edges[2 * n + 1].Input);
            Assert.Equal(g, DartsFormat.Parse(DartsFormat.Format(g)));
            Assert.Equal(g, ArchitectureJson.Deserialize(ArchitectureJson.Serialize(g)));
        }
    }

    [Fact]
    public void CellSample_DifferentSeeds_Differ()
    {
        var space = new CellSearchSpace();
        Assert.NotEqual(space.Sample(new Random(1)), space.Sample(new Random(2)));
    }

    [Fact]
    public void CellValidate_WrongEdgeCount_SaysNodesTimesTwo()
    {
        var space = new CellSearchSpace();
        var g = space.Sample(new Random(0));
        var bad = g with { Normal = new Cell(g.Normal.Edges.Take(7), g.Normal.Concat) };
        var ex = Assert.Throws<ArchitectureFormatException>(() => space.Validate(bad));
        Assert.Equal("normal: expected 8 edges (4 nodes × 2), got 7", ex.Message);
    }

    [Fact]
    public void CellValidate_OpOutsideSpace_ListsSpaceOps()
    {
        var nasnet = (CellGenotype)PublishedArchitectures.Get("NASNet");
        var ex = Assert.Throws<ArchitectureFormatException>(() => new CellSearchSpace(nodes: 5).Validate(nasnet));
        Assert.Equal("reduce edge 1: unknown op 'sep_conv_7x7'; valid ops: max_pool_3x3, avg_pool_3x3, " +
                     "skip_connect, sep_conv_3x3, sep_conv_5x5, dil_conv_3x3, dil_conv_5x5", ex.Message);
    }

    [Fact]
    public void CellValidate_PublishedDartsCells_Pass()
    {
        var space = new CellSearchSpace(OpNames.Darts);
        foreach (var name in new[] { "DARTS_V1", "DARTS_V2", "PDARTS" })
            space.Validate((CellGenotype)PublishedArchitectures.Get(name));
    }

    [Fact]
    public void CellSearchSpace_UnknownOp_Throws()
    {
        Assert.Throws<ArgumentException>(() => new CellSearchSpace(["sep_conv_4x4"]));
    }

    [Fact]
    public void MacroSample_SameSeed_DeterministicAndValid()
    {
        var space = new EnasMacroSearchSpace(layers: 12);
        var r1 = new Random(9);
        var r2 = new Random(9);
        for (var i = 0; i < 100; i++)
        {
            var g = space.Sample(r1);
            Assert.Equal(g, space.Sample(r2));
            space.Validate(g);
            Assert.Equal(12, g.Layers.Count);
        }
    }

    [Fact]
    public void MacroValidate_SkipFromLaterLayer_NamesLayer()
    {
        var g = new EnasMacroGenotype([new EnasMacroLayer(OpNames.Conv3x3), new EnasMacroLayer(OpNames.Conv5x5, [1])]);
        var ex = Assert.Throws<ArchitectureFormatException>(() => new EnasMacroSearchSpace(layers: 2).Validate(g));
        Assert.Equal("macro layer 1: skip from 1 out of range 0..0", ex.Message);
    }

    [Fact]
    public void RecurrentSample_SameSeed_DeterministicAndValid()
    {
        var space = new RecurrentSearchSpace(nodes: 8);
        var r1 = new Random(4);
        var r2 = new Random(4);
        for (var i = 0; i < 100; i++)
        {
            var g = space.Sample(r1);
            Assert.Equal(g, space.Sample(r2));
            space.Validate(g);
            Assert.NotEmpty(g.LooseEnds);
        }
    }

    [Fact]
    public void RecurrentValidate_UnknownActivation_ListsActivations()
    {
        var g = new RecurrentGenotype([new RecurrentNode(RecurrentNode.CellInput, "gelu")]);
        var ex = Assert.Throws<ArchitectureFormatException>(() => new RecurrentSearchSpace(nodes: 1).Validate(g));
        Assert.Equal("recurrent node 0: unknown activation 'gelu'; valid activations: tanh, relu, identity, sigmoid",
            ex.Message);
    }

    [Fact]
    public void Genotypes_EqualContent_AreEqualWithEqualHashes()
    {
        var a = new EnasMacroGenotype([new EnasMacroLayer("conv_3x3"), new EnasMacroLayer("conv_5x5", [0])]);
        var b = new EnasMacroGenotype([new EnasMacroLayer("conv_3x3", []), new EnasMacroLayer("conv_5x5", [0, 0])]);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        var r1 = new RecurrentGenotype([new RecurrentNode(-1, "tanh"), new RecurrentNode(0, "relu")]);
        var r2 = new RecurrentGenotype([new RecurrentNode(-1, "tanh"), new RecurrentNode(0, "relu")]);
        Assert.Equal(r1, r2);
        Assert.Equal(r1.GetHashCode(), r2.GetHashCode());
        Assert.Equal("enas-macro", a.Space);
        Assert.Equal("enas-rnn", r1.Space);
    }
}
