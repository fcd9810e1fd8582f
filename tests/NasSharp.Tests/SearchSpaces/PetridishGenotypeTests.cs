namespace NasSharp.Tests.SearchSpaces;

using NasSharp.SearchSpaces;

/// <summary>The Petridish genotype: exact round trips through JSON and text, growth and its inverse, seeds from DARTS
/// cells, and errors that name the position.</summary>
public sealed class PetridishGenotypeTests
{
    private static PetridishGenotype Grown() => PetridishSearchSpace.Grow(PetridishSearchSpace.TfSeed(),
        [new OpEdge(OpNames.SepConv5x5, 0), new OpEdge(OpNames.MaxPool3x3, 2), new OpEdge(OpNames.SkipConnect, 1)],
        [new OpEdge(OpNames.DilConv3x3, 1)]);

    [Fact]
    public void Genotype_JsonAndText_RoundTripExactly()
    {
        var g = PetridishSearchSpace.Grow(Grown(), [new OpEdge(OpNames.AvgPool3x3, 3)], [new OpEdge(OpNames.SepConv3x3, 3), new OpEdge(OpNames.DilConv5x5, 0)]);
        Assert.Equal(g, ArchitectureJson.Deserialize(ArchitectureJson.Serialize(g)));
        var text = PetridishFormat.Format(g);
        Assert.Equal("Petridish(normal=[sum(sep_conv_3x3~1, skip_connect~1), gated(sep_conv_5x5~0, max_pool_3x3~2, skip_connect~1), gated(avg_pool_3x3~3)], " +
                     "normal_out=[2], reduce=[sum(sep_conv_3x3~1, skip_connect~1), gated(dil_conv_3x3~1), gated(sep_conv_3x3~3, dil_conv_5x5~0)], reduce_out=[2])", text);
        Assert.Equal(g, PetridishFormat.Parse(text));
        Assert.Equal(g, ArchitectureParser.Parse(text));
        Assert.Equal(text, ArchitectureFormats.ToText(g));
        Assert.Equal(2, Grown().AddedNodes);
    }

    [Fact]
    public void GrowThenParent_AnyGenotype_GivesTheParentBack()
    {
        var parent = Grown();
        var child = PetridishSearchSpace.Grow(parent, [new OpEdge(OpNames.SkipConnect, 3)], [new OpEdge(OpNames.SkipConnect, 0)]);
        Assert.Equal(parent, PetridishSearchSpace.Parent(child));
        Assert.Throws<InvalidOperationException>(() => PetridishSearchSpace.Parent(PetridishSearchSpace.TfSeed()));
    }

    [Fact]
    public void FromDarts_PublishedCell_KeepsNodesAndSumsTheConcat()
    {
        var darts = (CellGenotype)PublishedArchitectures.Get("DARTS_V2");
        var seed = PetridishSearchSpace.FromDarts(darts);
        Assert.Equal(4, seed.Normal.Nodes.Count);
        Assert.Equal(darts.Normal.Edges, seed.Normal.Nodes.SelectMany(n => n.Edges));
        Assert.All(seed.Normal.Nodes, n => Assert.False(n.Added));
        Assert.Equal(darts.Normal.Concat, seed.Normal.Output);
    }

    [Fact]
    public void Draw_GrownGenotype_ShowsEveryEdgeAndTheGateIntoTheOutput()
    {
        var g = Grown();
        var graph = NasSharp.Export.CellGraph.FromPetridish(g.Normal);
        Assert.Equal(2 + 3 + 1 + 1, graph.Edges.Count); // seed node's 2 ops, added node's 3, the output, the gate
        Assert.Contains(graph.Edges, e => e.Label == "gate" && e.To == NasSharp.Export.CellGraph.DartsOutput);
        var dot = NasSharp.Export.CellDrawing.Draw(g, "dot");
        Assert.Contains("sep_conv_5x5", dot);
        Assert.Contains("(gated)", dot);
        Assert.StartsWith("<svg", NasSharp.Export.CellDrawing.Draw(g, "svg").TrimStart());
    }

    [Theory]
    [InlineData("Petridish(normal=[sum(conv_9x9~1)], normal_out=[2], reduce=[sum(skip_connect~1)], reduce_out=[2])", "petridish normal node 0 edge 0")]
    [InlineData("Petridish(normal=[sum(skip_connect~2)], normal_out=[2], reduce=[sum(skip_connect~1)], reduce_out=[2])", "input 2 out of range 0..1")]
    [InlineData("Petridish(normal=[sum(skip_connect~1), gated(skip_connect~2)], normal_out=[3], reduce=[sum(skip_connect~1)], reduce_out=[2])", "state 3 is an added node")]
    [InlineData("Petridish(normal=[sum(skip_connect~1)], normal_out=[1], reduce=[sum(skip_connect~1)], reduce_out=[2])", "state 1 out of range 2..2")]
    [InlineData("Petridish(normal=[sum(skip_connect)], normal_out=[2], reduce=[sum(skip_connect~1)], reduce_out=[2])", "expected 'op~state'")]
    [InlineData("Petridish(normal=[], normal_out=[2])", "expected 'Petridish(normal=")]
    public void Parse_Malformed_NamesThePosition(string text, string expected)
    {
        var e = Assert.Throws<ArchitectureFormatException>(() => PetridishFormat.Parse(text));
        Assert.Contains(expected, e.Message);
    }
}
