using NasSharp.Export;
using NasSharp.SearchSpaces;

namespace NasSharp.Tests.Export;

public class CellGraphTests
{
    [Fact]
    public void FromCell_DartsV2Normal_HasInputsNodesOutputAndTwoEdgesPerNodePlusConcat()
    {
        var g = CellGraph.FromCell(ExportSamples.DartsV2.Normal);

        Assert.Equal(["c_{k-2}", "c_{k-1}", "0", "1", "2", "3", "c_{k}"], g.Nodes.Select(n => n.Id));
        Assert.Equal(
            [CellNodeKind.Input, CellNodeKind.Input, CellNodeKind.Intermediate, CellNodeKind.Intermediate,
             CellNodeKind.Intermediate, CellNodeKind.Intermediate, CellNodeKind.Output],
            g.Nodes.Select(n => n.Kind));
        Assert.Equal(2 * 4 + 4, g.Edges.Count);
        Assert.Equal(new CellGraphEdge("0", "3", "dil_conv_3x3"), g.Edges[7]);
        Assert.Equal(
            [new("0", "c_{k}", null), new("1", "c_{k}", null), new("2", "c_{k}", null), new("3", "c_{k}", null)],
            g.Edges.Skip(8));
    }

    [Fact]
    public void FromCell_ConcatOfSomeNodes_FeedsOutputFromThoseOnly()
    {
        var cell = new Cell([new(OpNames.SkipConnect, 0), new(OpNames.SkipConnect, 1),
                             new(OpNames.SepConv5x5, 2), new(OpNames.SkipConnect, 1)], [3]);

        var g = CellGraph.FromCell(cell);

        Assert.Equal(5, g.Nodes.Count);
        Assert.Equal(new CellGraphEdge("1", "c_{k}", null), Assert.Single(g.Edges, e => e.To == "c_{k}"));
    }

    [Fact]
    public void FromCell_EdgeReadsLaterState_Throws()
    {
        var cell = new Cell([new(OpNames.SkipConnect, 2), new(OpNames.SkipConnect, 1)], [2]);

        Assert.Throws<ArgumentException>(() => CellGraph.FromCell(cell));
    }

    [Fact]
    public void FromNb201_TwoNoneEdges_OmitsThem()
    {
        var g = CellGraph.FromNb201(ExportSamples.Nb201);

        Assert.Equal(["0", "1", "2", "3"], g.Nodes.Select(n => n.Id));
        Assert.Equal(CellNodeKind.Input, g.Nodes[0].Kind);
        Assert.Equal(CellNodeKind.Output, g.Nodes[3].Kind);
        Assert.Equal(
            [new("0", "1", "nor_conv_3x3"), new("1", "2", "skip_connect"), new("0", "3", "nor_conv_1x1"),
             new("2", "3", "avg_pool_3x3")],
            g.Edges);
    }

    [Fact]
    public void Constructor_Cycle_Throws()
    {
        var nodes = new CellGraphNode[] { new("a", "a", CellNodeKind.Intermediate), new("b", "b", CellNodeKind.Intermediate) };

        Assert.Throws<ArgumentException>(() => new CellGraph(nodes, [new("a", "b", "x"), new("b", "a", "y")]));
    }

    [Fact]
    public void Constructor_EdgeToUnknownNode_Throws()
    {
        var nodes = new CellGraphNode[] { new("a", "a", CellNodeKind.Input) };

        Assert.Throws<ArgumentException>(() => new CellGraph(nodes, [new("a", "z", "x")]));
    }
}
