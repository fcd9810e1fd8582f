using System.Xml.Linq;
using NasSharp.Export;
using NasSharp.SearchSpaces;

namespace NasSharp.Tests.Export;

public class CellDrawingTests
{
    [Fact]
    public void Draw_CellGenotypeSvg_DrawsNormalAboveReduce()
    {
        string svg = CellDrawing.Draw(ExportSamples.DartsV2, "svg");
        ExportSamples.Save("darts_v2.svg", svg);

        var doc = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(["normal", "reduce"], doc.Descendants(ns + "g")
            .Single(g => (string?)g.Attribute("class") == "titles").Elements(ns + "text").Select(t => t.Value));
        Assert.Equal(14, doc.Descendants(ns + "g").Count(g => (string?)g.Attribute("class") == "node"));
    }

    [Fact]
    public void Draw_EnasMacroSvg_OneNodePerLayerOpEdgesAndSkipEdges()
    {
        var g = new EnasMacroGenotype([new EnasMacroLayer(OpNames.Conv3x3), new EnasMacroLayer(OpNames.MaxPool3x3, [0]),
            new EnasMacroLayer(OpNames.SepConv5x5, [0, 1])]);
        var graph = CellGraph.FromMacro(g);
        Assert.Equal(["stem", "L0", "L1", "L2", "output"], graph.Nodes.Select(n => n.Id));
        // three op edges, skips stem->L1, stem->L2, L0->L2, and L2->output
        Assert.Equal(7, graph.Edges.Count);
        Assert.Contains(graph.Edges, e => e.From == "L0" && e.To == "L1" && e.Label == OpNames.MaxPool3x3);
        Assert.Contains(graph.Edges, e => e.From == "L0" && e.To == "L2" && e.Label is null);

        var svg = CellDrawing.Draw(g, "svg");
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(5, XDocument.Parse(svg).Descendants(ns + "g").Count(x => (string?)x.Attribute("class") == "node"));
        Assert.Contains(OpNames.SepConv5x5, svg);
    }

    [Fact]
    public void Draw_CellGenotypeDot_WritesTwoClusters()
    {
        string dot = CellDrawing.Draw(ExportSamples.DartsV2, "DOT");

        Assert.Contains("subgraph \"cluster_normal\"", dot);
        Assert.Contains("subgraph \"cluster_reduce\"", dot);
    }

    [Fact]
    public void Draw_Nb201_DrawsTheOneCell()
    {
        Assert.Equal(DotWriter.Write(CellGraph.FromNb201(ExportSamples.Nb201)), CellDrawing.Draw(ExportSamples.Nb201, "dot"));
        Assert.Equal(SvgWriter.Write(CellGraph.FromNb201(ExportSamples.Nb201)), CellDrawing.Draw(ExportSamples.Nb201, "svg"));
    }

    [Fact]
    public void Draw_UnknownFormat_ThrowsListingFormats()
    {
        var ex = Assert.Throws<ArgumentException>(() => CellDrawing.Draw(ExportSamples.DartsV2, "png"));

        Assert.Contains("svg, dot", ex.Message);
    }

    [Fact]
    public void Draw_UnsupportedArchitecture_Throws()
    {
        Assert.Throws<ArgumentException>(() => CellDrawing.Draw(new OtherArchitecture(), "svg"));
    }

    private sealed record OtherArchitecture : Architecture
    {
        public override string Space => "other";
    }
}
