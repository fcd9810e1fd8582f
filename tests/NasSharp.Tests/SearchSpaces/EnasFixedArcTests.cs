using NasSharp.SearchSpaces;

namespace NasSharp.Tests.SearchSpaces;

public class EnasFixedArcTests
{
    [Fact]
    public void ParseMicro_EnasFinalArc_MapsOpsAndLooseEnds()
    {
        var g = (CellGenotype)PublishedArchitectures.Get("ENAS");
        // normal node 0: "0 2 0 0" = (state 0, avg pool), (state 0, sep 3x3)
        Assert.Equal(new OpEdge(OpNames.AvgPool3x3, 0), g.Normal.Edges[0]);
        Assert.Equal(new OpEdge(OpNames.SepConv3x3, 0), g.Normal.Edges[1]);
        // normal node 1: "0 4 0 1" = identity, sep 5x5
        Assert.Equal(new OpEdge(OpNames.SkipConnect, 0), g.Normal.Edges[2]);
        Assert.Equal(new OpEdge(OpNames.SepConv5x5, 0), g.Normal.Edges[3]);
        Assert.Equal([2, 3, 4, 5, 6], g.Normal.Concat);
        Assert.Equal([2, 4, 5, 6], g.Reduce.Concat); // reduce node 2 reads state 3
        Assert.Equal(new OpEdge(OpNames.MaxPool3x3, 0), g.Reduce.Edges[2]);
    }

    [Fact]
    public void FormatMicro_SampledCells_RoundTrip()
    {
        var space = new CellSearchSpace(OpNames.EnasMicro, nodes: 5);
        var random = new Random(3);
        for (var i = 0; i < 50; i++)
        {
            var g = space.Sample(random);
            // ENAS concatenates loose ends; rebuild the genotype that way, then round-trip.
            var arc = string.Join(' ', g.Normal.Edges.Concat(g.Reduce.Edges)
                .SelectMany(e => new[] { e.Input, OpNames.EnasMicro.ToList().IndexOf(e.Op) }));
            var parsed = EnasFixedArc.ParseMicro(arc);
            Assert.Equal(arc, EnasFixedArc.FormatMicro(parsed));
            Assert.Equal(parsed, EnasFixedArc.ParseMicro(EnasFixedArc.FormatMicro(parsed)));
        }
    }

    [Fact]
    public void FormatMicro_ConcatNotLooseEnds_Throws()
    {
        var g = (CellGenotype)PublishedArchitectures.Get("ENAS");
        var bad = g with { Reduce = new Cell(g.Reduce.Edges, [2, 3, 4, 5, 6]) };
        var ex = Assert.Throws<ArchitectureFormatException>(() => EnasFixedArc.FormatMicro(bad));
        Assert.Contains("reduce concat: ENAS concatenates the loose ends [2, 4, 5, 6]", ex.Message);
    }

    [Fact]
    public void ParseMicro_OpOutOfRange_ListsMicroOps()
    {
        var ex = Assert.Throws<ArchitectureFormatException>(() => EnasFixedArc.ParseMicro("0 2 0 0 1 0 0 7"));
        Assert.Equal("micro reduce node 0 y_op: op id 7 out of range 0..4; valid ops: 0=sep_conv_3x3, " +
                     "1=sep_conv_5x5, 2=avg_pool_3x3, 3=max_pool_3x3, 4=skip_connect", ex.Message);
    }

    [Fact]
    public void ParseMicro_InputOutOfRange_NamesNode()
    {
        var ex = Assert.Throws<ArchitectureFormatException>(() => EnasFixedArc.ParseMicro("0 2 3 0 1 0 0 1"));
        Assert.Equal("micro normal node 0 y_id: input 3 out of range 0..1", ex.Message);
    }

    [Fact]
    public void ParseMacro_EnasFinalArc_Has24LayersAndSkips()
    {
        var g = (EnasMacroGenotype)PublishedArchitectures.Get("ENAS_MACRO");
        Assert.Equal(24, g.Layers.Count);
        Assert.Equal(OpNames.Conv3x3, g.Layers[0].Op);
        Assert.Equal(OpNames.SepConv5x5, g.Layers[1].Op); // id 3
        Assert.Equal(new[] { 0 }, g.Layers[2].Skips);    // "0 1 0": skip from layer 0
        Assert.Equal(OpNames.Conv5x5, g.Layers[3].Op);   // id 2
        Assert.Equal(new[] { 2 }, g.Layers[3].Skips);    // "2 0 0 1"
    }

    [Fact]
    public void FormatMacro_Sampled_RoundTrips()
    {
        var space = new EnasMacroSearchSpace();
        var random = new Random(11);
        for (var i = 0; i < 50; i++)
        {
            var g = space.Sample(random);
            var arc = EnasFixedArc.FormatMacro(g);
            Assert.Equal(g, EnasFixedArc.ParseMacro(arc));
            Assert.Equal(arc, EnasFixedArc.FormatMacro(EnasFixedArc.ParseMacro(arc)));
            Assert.Equal(g, ArchitectureJson.Deserialize(ArchitectureJson.Serialize(g)));
        }
    }

    [Fact]
    public void ParseMacro_WrongCount_GivesNearestCounts()
    {
        var ex = Assert.Throws<ArchitectureFormatException>(() => EnasFixedArc.ParseMacro("0 1 0 2 0 0 1 2"));
        Assert.Contains("got 8; nearest valid counts: 6 (3 layers), 10 (4 layers)", ex.Message);
    }

    [Fact]
    public void ParseMacro_BadOpAndSkip_NamePosition()
    {
        var ex = Assert.Throws<ArchitectureFormatException>(() => EnasFixedArc.ParseMacro("0 6 0"));
        Assert.StartsWith("macro layer 1: op id 6 out of range 0..5; valid ops: 0=conv_3x3, 1=sep_conv_3x3, " +
                          "2=conv_5x5, 3=sep_conv_5x5, 4=avg_pool_3x3, 5=max_pool_3x3", ex.Message);
        ex = Assert.Throws<ArchitectureFormatException>(() => EnasFixedArc.ParseMacro("0 1 2"));
        Assert.Equal("macro layer 1 skip bit 0: expected 0 or 1, got 2", ex.Message);
        ex = Assert.Throws<ArchitectureFormatException>(() => EnasFixedArc.ParseMacro("0 x 2"));
        Assert.Equal("macro fixed_arc integer 1: 'x' is not an integer", ex.Message);
    }

    [Fact]
    public void ParseRecurrent_EnasPtbArc_MapsNodes()
    {
        var g = (RecurrentGenotype)PublishedArchitectures.Get("ENAS_PTB");
        Assert.Equal(12, g.Nodes.Count);
        Assert.Equal(new RecurrentNode(RecurrentNode.CellInput, ActivationNames.Tanh), g.Nodes[0]);
        Assert.Equal(new RecurrentNode(0, ActivationNames.Tanh), g.Nodes[1]);
        Assert.Equal(new RecurrentNode(1, ActivationNames.Relu), g.Nodes[2]);
        Assert.Equal(new RecurrentNode(8, ActivationNames.Relu), g.Nodes[11]);
        Assert.Equal([3, 4, 7, 9, 10, 11], g.LooseEnds);
    }

    [Fact]
    public void FormatRecurrent_Sampled_RoundTrips()
    {
        var space = new RecurrentSearchSpace();
        var random = new Random(5);
        for (var i = 0; i < 50; i++)
        {
            var g = space.Sample(random);
            Assert.Equal(g, EnasFixedArc.ParseRecurrent(EnasFixedArc.FormatRecurrent(g)));
            Assert.Equal(g, ArchitectureJson.Deserialize(ArchitectureJson.Serialize(g)));
        }
    }

    [Fact]
    public void ParseRecurrent_Invalid_NamesNodeAndChoices()
    {
        var ex = Assert.Throws<ArchitectureFormatException>(() => EnasFixedArc.ParseRecurrent("0 0 0 2 1"));
        Assert.Equal("recurrent node 2: input 2 out of range 0..1", ex.Message);
        ex = Assert.Throws<ArchitectureFormatException>(() => EnasFixedArc.ParseRecurrent("4"));
        Assert.Equal("recurrent node 0: activation id 4 out of range 0..3; valid activations: 0=tanh, 1=relu, " +
                     "2=identity, 3=sigmoid", ex.Message);
        ex = Assert.Throws<ArchitectureFormatException>(() => EnasFixedArc.ParseRecurrent("0 0"));
        Assert.Contains("expected 2N-1 integers", ex.Message);
    }
}
