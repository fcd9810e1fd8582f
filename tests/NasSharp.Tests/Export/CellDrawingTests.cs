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
