using System.Text.RegularExpressions;
using NasSharp.Export;

namespace NasSharp.Tests.Export;

public class DotWriterTests
{
    private static readonly Regex EdgeLine = new(@"^\s*(""[^""]*"") -> (""[^""]*"")(?: \[label=""([^""]*)""\])?;$", RegexOptions.Multiline);
    private static readonly Regex NodeLine = new(@"^\s*""[^""]*"" \[(?:label=""[^""]*"", )?fillcolor=\w+\];$", RegexOptions.Multiline);

    [Fact]
    public void Write_DartsV2Normal_ContainsExactlyTheGenotypeEdges()
    {
        string dot = DotWriter.Write(CellGraph.FromCell(ExportSamples.DartsV2.Normal));
        ExportSamples.Save("darts_v2_normal.dot", dot);

        string[] expected =
        [
            "\"c_{k-2}\" -> \"0\" [label=\"sep_conv_3x3\"];",
            "\"c_{k-1}\" -> \"0\" [label=\"sep_conv_3x3\"];",
            "\"c_{k-2}\" -> \"1\" [label=\"sep_conv_3x3\"];",
            "\"c_{k-1}\" -> \"1\" [label=\"sep_conv_3x3\"];",
            "\"c_{k-1}\" -> \"2\" [label=\"sep_conv_3x3\"];",
            "\"c_{k-2}\" -> \"2\" [label=\"skip_connect\"];",
            "\"c_{k-2}\" -> \"3\" [label=\"skip_connect\"];",
            "\"0\" -> \"3\" [label=\"dil_conv_3x3\"];",
            "\"0\" -> \"c_{k}\";",
            "\"1\" -> \"c_{k}\";",
            "\"2\" -> \"c_{k}\";",
            "\"3\" -> \"c_{k}\";",
        ];
        Assert.Equal(expected, EdgeLine.Matches(dot).Select(m => m.Value.Trim()));
        Assert.Equal(7, NodeLine.Matches(dot).Count);
    }

    [Fact]
    public void Write_DartsCell_HasDartsVisualizeLook()
    {
        string dot = DotWriter.Write(CellGraph.FromCell(ExportSamples.DartsV2.Reduce));

        Assert.StartsWith("digraph cell {", dot);
        Assert.Contains("rankdir=LR;", dot);
        Assert.Contains("\"c_{k-2}\" [fillcolor=darkseagreen2];", dot);
        Assert.Contains("\"c_{k-1}\" [fillcolor=darkseagreen2];", dot);
        Assert.Contains("\"2\" [fillcolor=lightblue];", dot);
        Assert.Contains("\"c_{k}\" [fillcolor=palegoldenrod];", dot);
        Assert.Contains("\"0\" -> \"1\" [label=\"skip_connect\"];", dot);
        Assert.EndsWith("}\n", dot);
    }

    [Fact]
    public void Write_Nb201_OmitsNoneEdges()
    {
        string dot = DotWriter.Write(CellGraph.FromNb201(ExportSamples.Nb201));

        var edges = EdgeLine.Matches(dot).Select(m => m.Value.Trim()).ToArray();
        Assert.Equal(4, edges.Length);
        Assert.Contains("\"0\" -> \"1\" [label=\"nor_conv_3x3\"];", edges);
        Assert.DoesNotContain("none", dot);
        Assert.Equal(4, NodeLine.Matches(dot).Count);
    }

    [Fact]
    public void Write_QuoteInLabel_IsEscaped()
    {
        var g = new CellGraph(
            [new("a", "a\"b", CellNodeKind.Input), new("c", "c", CellNodeKind.Output)],
            [new("a", "c", "op\\\"x")]);

        string dot = DotWriter.Write(g);

        Assert.Contains("\"a\" [label=\"a\\\"b\", fillcolor=darkseagreen2];", dot);
        Assert.Contains("\"a\" -> \"c\" [label=\"op\\\\\\\"x\"];", dot);
    }

    [Fact]
    public void Write_TwoPanels_WritesTwoClustersWithPrefixedIds()
    {
        var panels = new List<(string, CellGraph)>
        {
            ("normal", CellGraph.FromCell(ExportSamples.DartsV2.Normal)),
            ("reduce", CellGraph.FromCell(ExportSamples.DartsV2.Reduce)),
        };

        string dot = DotWriter.Write(panels);

        Assert.Contains("subgraph \"cluster_normal\" {", dot);
        Assert.Contains("subgraph \"cluster_reduce\" {", dot);
        Assert.Contains("\"normal/c_{k-1}\" -> \"normal/0\" [label=\"sep_conv_3x3\"];", dot);
        Assert.Contains("\"reduce/c_{k-2}\" -> \"reduce/0\" [label=\"max_pool_3x3\"];", dot);
        Assert.Contains("\"reduce/c_{k}\" [label=\"c_{k}\", fillcolor=palegoldenrod];", dot);
        Assert.Equal(24, EdgeLine.Matches(dot).Count);
    }
}
