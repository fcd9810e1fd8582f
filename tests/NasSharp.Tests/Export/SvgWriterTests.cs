using System.Globalization;
using System.Xml.Linq;
using NasSharp.Export;

namespace NasSharp.Tests.Export;

public class SvgWriterTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static double D(XElement e, string name) => double.Parse(e.Attribute(name)!.Value, CultureInfo.InvariantCulture);

    private static IEnumerable<XElement> NodeRects(XDocument doc) =>
        doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "node").Select(g => g.Element(Svg + "rect")!);

    private static IEnumerable<XElement> LabelTexts(XDocument doc) =>
        doc.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "edge-labels").Elements(Svg + "text");

    [Theory]
    [InlineData("normal")]
    [InlineData("reduce")]
    public void Write_DartsV2Cell_IsWellFormedWithTextPerNodeAndEdgeLabel(string which)
    {
        var cell = which == "normal" ? ExportSamples.DartsV2.Normal : ExportSamples.DartsV2.Reduce;
        var graph = CellGraph.FromCell(cell);

        string svg = SvgWriter.Write(graph);
        ExportSamples.Save($"darts_v2_{which}.svg", svg);
        var doc = XDocument.Parse(svg);

        Assert.Equal(Svg + "svg", doc.Root!.Name);
        Assert.Equal("sans-serif", (string?)doc.Root.Attribute("font-family"));
        Assert.Single(doc.Descendants(Svg + "marker"));
        Assert.Equal(graph.Nodes.Count, NodeRects(doc).Count());
        Assert.Equal(graph.Nodes.Select(n => n.Label).Order(), NodeRects(doc).Select(r => r.Parent!.Element(Svg + "text")!.Value).Order());
        Assert.Equal(8, LabelTexts(doc).Count());
        Assert.Equal(graph.Edges.Where(e => e.Label is not null).Select(e => e.Label!).Order(), LabelTexts(doc).Select(t => t.Value).Order());
        Assert.Equal(graph.Nodes.Count + 8, doc.Descendants(Svg + "text").Count());
        Assert.Equal(graph.Edges.Count, doc.Descendants(Svg + "path").Count(p => p.Attribute("marker-end") is not null));
    }

    [Fact]
    public void Write_DartsV2Normal_ViewBoxEnclosesAllNodeRectanglesAndLabels()
    {
        var doc = XDocument.Parse(SvgWriter.Write(CellGraph.FromCell(ExportSamples.DartsV2.Normal)));

        var box = doc.Root!.Attribute("viewBox")!.Value.Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(D(doc.Root, "width"), box[2]);
        Assert.Equal(D(doc.Root, "height"), box[3]);
        foreach (var r in NodeRects(doc))
        {
            Assert.InRange(D(r, "x"), box[0], box[0] + box[2]);
            Assert.InRange(D(r, "y"), box[1], box[1] + box[3]);
            Assert.InRange(D(r, "x") + D(r, "width"), box[0], box[0] + box[2]);
            Assert.InRange(D(r, "y") + D(r, "height"), box[1], box[1] + box[3]);
        }

        foreach (var t in LabelTexts(doc))
        {
            Assert.InRange(D(t, "x"), box[0], box[0] + box[2]);
            Assert.InRange(D(t, "y"), box[1], box[1] + box[3]);
        }
    }

    [Theory]
    [InlineData("normal")]
    [InlineData("reduce")]
    public void Write_DartsV2Cell_LabelsOverlapNeitherEachOtherNorNodes(string which)
    {
        var cell = which == "normal" ? ExportSamples.DartsV2.Normal : ExportSamples.DartsV2.Reduce;
        var doc = XDocument.Parse(SvgWriter.Write(CellGraph.FromCell(cell)));

        // Label boxes estimated as the layout does: 0.6 em per character, one line high.
        var labels = LabelTexts(doc).Select(t =>
        {
            double w = t.Value.Length * 13 * 0.6, cx = D(t, "x"), cy = D(t, "y") - 13 * 0.35;
            return (X0: cx - w / 2, Y0: cy - 6.5, X1: cx + w / 2, Y1: cy + 6.5);
        }).ToArray();
        var nodes = NodeRects(doc).Select(r => (X0: D(r, "x"), Y0: D(r, "y"), X1: D(r, "x") + D(r, "width"), Y1: D(r, "y") + D(r, "height"))).ToArray();

        static bool Overlap((double X0, double Y0, double X1, double Y1) a, (double X0, double Y0, double X1, double Y1) b) =>
            a.X0 < b.X1 && b.X0 < a.X1 && a.Y0 < b.Y1 && b.Y0 < a.Y1;

        for (int i = 0; i < labels.Length; i++)
        {
            for (int j = i + 1; j < labels.Length; j++) Assert.False(Overlap(labels[i], labels[j]), $"labels {i} and {j} overlap");
            foreach (var n in nodes) Assert.False(Overlap(labels[i], n), $"label {i} overlaps a node");
        }
    }

    [Fact]
    public void Write_Nb201_DrawsFourNodesAndOneLabelPerNonNoneEdge()
    {
        string svg = SvgWriter.Write(CellGraph.FromNb201(ExportSamples.Nb201));
        ExportSamples.Save("nb201.svg", svg);
        var doc = XDocument.Parse(svg);

        Assert.Equal(4, NodeRects(doc).Count());
        Assert.Equal(["avg_pool_3x3", "nor_conv_1x1", "nor_conv_3x3", "skip_connect"], LabelTexts(doc).Select(t => t.Value).Order());
    }

    [Fact]
    public void Write_MarkupInLabels_IsEscaped()
    {
        var g = new CellGraph(
            [new("a", "<a&b>", CellNodeKind.Input), new("c", "\"c'", CellNodeKind.Output)],
            [new("a", "c", "x<y&z")]);

        string svg = SvgWriter.Write(g);
        var doc = XDocument.Parse(svg);

        Assert.Contains("&lt;a&amp;b&gt;", svg);
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "x<y&z");
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "\"c'");
    }

    [Fact]
    public void Write_Panels_StacksCellsUnderTheirTitles()
    {
        var panels = new List<(string, CellGraph)>
        {
            ("normal", CellGraph.FromCell(ExportSamples.DartsV2.Normal)),
            ("reduce", CellGraph.FromCell(ExportSamples.DartsV2.Reduce)),
        };

        var doc = XDocument.Parse(SvgWriter.Write(panels));

        var titles = doc.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "titles").Elements(Svg + "text").ToArray();
        Assert.Equal(["normal", "reduce"], titles.Select(t => t.Value));
        var rects = NodeRects(doc).ToArray();
        Assert.Equal(14, rects.Length);
        double normalBottom = rects.Take(7).Max(r => D(r, "y") + D(r, "height"));
        double reduceTop = rects.Skip(7).Min(r => D(r, "y"));
        Assert.True(normalBottom < D(titles[1], "y"));
        Assert.True(D(titles[1], "y") < reduceTop);
        Assert.True(rects.Max(r => D(r, "y") + D(r, "height")) <= D(doc.Root!, "height"));
    }

    [Fact]
    public void Write_GraphWithoutEdges_DrawsItsNodes()
    {
        var g = new CellGraph([new("a", "a", CellNodeKind.Input), new("b", "b", CellNodeKind.Output)], []);

        var doc = XDocument.Parse(SvgWriter.Write(g));

        Assert.Equal(2, NodeRects(doc).Count());
        Assert.DoesNotContain(doc.Descendants(Svg + "path"), p => p.Attribute("marker-end") is not null);
    }

    [Fact]
    public void Write_EmptyGraph_IsWellFormed()
    {
        var doc = XDocument.Parse(SvgWriter.Write(new CellGraph([], [])));

        Assert.Empty(NodeRects(doc));
    }
}
