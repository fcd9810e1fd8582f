namespace NasSharp.Tests.SearchSpaces;

using NasSharp.Export;
using NasSharp.SearchSpaces;

public class RecurrentFormatsTests
{
    [Fact]
    public void EnasLm_PublishedArc_ReadsAsEnasLmChildPy()
    {
        // enas_lm fixed arc "0 2 1 0 2 1 2 2 4 0 5 0 3 2 6 2": (input, func) per node, func 0 tanh 1 relu 2 sigmoid 3 identity.
        var g = (RecurrentGenotype)PublishedArchitectures.Get("ENAS_LM");
        Assert.Equal(
            [new(RecurrentNode.CellInput, "tanh"), new(0, "sigmoid"), new(1, "tanh"), new(2, "relu"), new(2, "sigmoid"),
             new(4, "tanh"), new(5, "tanh"), new(3, "sigmoid"), new RecurrentNode(6, "sigmoid")],
            g.Nodes);
        Assert.Equal("0 2 1 0 2 1 2 2 4 0 5 0 3 2 6 2", EnasFixedArc.FormatRecurrentLm(g));
    }

    [Fact]
    public void DartsRecurrent_V2_RoundTripsExactlyAndEqualsItsArc()
    {
        const string text = "Genotype(recurrent=[('sigmoid', 0), ('relu', 1), ('relu', 1), ('identity', 1), ('tanh', 2), ('sigmoid', 5), ('tanh', 3), ('relu', 5)], concat=range(1, 9))";
        var g = DartsRecurrentFormat.Parse(text);
        Assert.Equal(text, DartsRecurrentFormat.TryFormat(g));
        Assert.Equal(g, PublishedArchitectures.Get("DARTS_RNN_V2"));
        Assert.Equal(g, ArchitectureParser.Parse(text));
        Assert.Equal(g, ArchitectureParser.Parse(EnasFixedArc.FormatRecurrentLm(g)!));
        Assert.Equal(g, ArchitectureJson.Deserialize(ArchitectureJson.Serialize(g)));
    }

    [Theory]
    [InlineData("Genotype(recurrent=[('relu', 0), ('gelu', 1)], concat=range(1, 3))", "DARTS recurrent node 2: unknown activation 'gelu'")]
    [InlineData("Genotype(recurrent=[('relu', 0), ('tanh', 2)], concat=range(1, 3))", "DARTS recurrent node 2: input 2 out of range 0..1")]
    [InlineData("Genotype(recurrent=[('relu', 0), ('tanh', 1)], concat=[2])", "DARTS recurrent concat: only the average of every node, range(1, 3), is supported; got [2]")]
    public void DartsRecurrent_Malformed_NamesTheEntry(string text, string expected)
    {
        var ex = Assert.Throws<ArchitectureFormatException>(() => DartsRecurrentFormat.Parse(text));
        Assert.StartsWith(expected, ex.Message);
    }

    [Theory]
    [InlineData("0 2 1", "enas_lm fixed_arc: expected 2N integers for N nodes ('input activation' per node), got 3")]
    [InlineData("0 2 2 0", "enas_lm fixed_arc node 2: input 2 out of range 0..1")]
    [InlineData("0 4", "enas_lm fixed_arc node 1: activation id 4 out of range 0..3")]
    public void EnasLmArc_Malformed_NamesTheNode(string text, string expected)
    {
        var ex = Assert.Throws<ArchitectureFormatException>(() => EnasFixedArc.ParseRecurrentLm(text));
        Assert.StartsWith(expected, ex.Message);
    }

    [Fact]
    public void Draw_RecurrentCell_HasInputsEveryNodeAndTheMean()
    {
        var g = (RecurrentGenotype)PublishedArchitectures.Get("DARTS_RNN_V2");
        var graph = CellGraph.FromRecurrent(g);
        Assert.Equal(2 + 9 + 1, graph.Nodes.Count);
        Assert.Contains(graph.Edges, e => e.From == "5" && e.To == "6" && e.Label == "sigmoid");
        Assert.Equal(8, graph.Edges.Count(e => e.To == "h_{t}"));
        var svg = CellDrawing.Draw(g, "svg");
        Assert.Contains("<svg", svg);
        Assert.Contains("identity", svg);
    }
}
