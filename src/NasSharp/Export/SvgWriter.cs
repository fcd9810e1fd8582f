using System.Globalization;
using System.Xml.Linq;

namespace NasSharp.Export;

/// <summary>
/// Renders a <see cref="CellGraph"/> as a self-contained SVG document, in process and without Graphviz:
/// a layered left-to-right layout (layer = longest path from the inputs), rounded rectangles coloured as in
/// DARTS <c>cnn/visualize.py</c> (inputs darkseagreen2, intermediate nodes lightblue, output palegoldenrod),
/// curved edges with arrowheads and op-name labels placed so that they do not overlap.
/// </summary>
public static class SvgWriter
{
    /// <summary>The SVG namespace.</summary>
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private const double Padding = 16;
    private const double TitleFontSize = 17;
    private const double TitleHeight = 30;
    private const double PanelGap = 28;

    /// <summary>Renders one cell.</summary>
    /// <param name="graph">The cell graph.</param>
    /// <returns>SVG text (no XML declaration) whose <c>viewBox</c> encloses the whole drawing.</returns>
    public static string Write(CellGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return Write([(string.Empty, graph)]);
    }

    /// <summary>Renders several cells stacked top to bottom, each under its title (an empty title draws none).</summary>
    /// <param name="panels">Title and graph of each cell, in order.</param>
    /// <returns>SVG text (no XML declaration) whose <c>viewBox</c> encloses the whole drawing.</returns>
    public static string Write(IReadOnlyList<(string Title, CellGraph Graph)> panels)
    {
        ArgumentNullException.ThrowIfNull(panels);
        var edges = new XElement(Svg + "g", new XAttribute("class", "edges"),
            new XAttribute("fill", "none"), new XAttribute("stroke", "#555555"), new XAttribute("stroke-width", "1.4"));
        var nodes = new XElement(Svg + "g", new XAttribute("class", "nodes"));
        var labels = new XElement(Svg + "g", new XAttribute("class", "edge-labels"),
            new XAttribute("font-size", F(CellLayout.LabelFontSize)), new XAttribute("fill", "#222222"),
            new XAttribute("text-anchor", "middle"), new XAttribute("stroke", "#ffffff"),
            new XAttribute("stroke-width", "5"), new XAttribute("stroke-linejoin", "round"),
            new XAttribute("paint-order", "stroke"));
        var titles = new XElement(Svg + "g", new XAttribute("class", "titles"),
            new XAttribute("font-size", F(TitleFontSize)), new XAttribute("font-weight", "bold"), new XAttribute("fill", "#222222"));

        double top = Padding, width = 0;
        foreach (var (title, graph) in panels)
        {
            ArgumentNullException.ThrowIfNull(graph);
            var layout = CellLayout.Compute(graph);
            if (!string.IsNullOrEmpty(title))
            {
                titles.Add(new XElement(Svg + "text", new XAttribute("x", F(Padding)),
                    new XAttribute("y", F(top + TitleFontSize)), title));
                width = Math.Max(width, CellLayout.TextWidth(title, TitleFontSize));
                top += TitleHeight;
            }

            double dx = Padding - layout.MinX, dy = top - layout.MinY;
            AddPanel(layout, dx, dy, edges, nodes, labels);
            width = Math.Max(width, layout.Width);
            top += layout.Height + PanelGap;
        }

        double totalWidth = width + 2 * Padding;
        double totalHeight = (panels.Count > 0 ? top - PanelGap : top) + Padding;
        var marker = new XElement(Svg + "marker",
            new XAttribute("id", "arrow"), new XAttribute("viewBox", "0 0 10 10"),
            new XAttribute("refX", "10"), new XAttribute("refY", "5"),
            new XAttribute("markerWidth", "7"), new XAttribute("markerHeight", "7"),
            new XAttribute("orient", "auto"),
            new XElement(Svg + "path", new XAttribute("d", "M 0 0 L 10 5 L 0 10 z"), new XAttribute("fill", "#555555"),
                new XAttribute("stroke", "none")));

        var svg = new XElement(Svg + "svg",
            new XAttribute("width", F(totalWidth)), new XAttribute("height", F(totalHeight)),
            new XAttribute("viewBox", $"0 0 {F(totalWidth)} {F(totalHeight)}"),
            new XAttribute("font-family", "sans-serif"),
            new XElement(Svg + "defs", marker),
            new XElement(Svg + "rect", new XAttribute("class", "background"), new XAttribute("width", "100%"),
                new XAttribute("height", "100%"), new XAttribute("fill", "#ffffff")),
            titles, edges, nodes, labels);
        if (!titles.HasElements) titles.Remove();
        return svg.ToString() + "\n";
    }

    /// <summary>The fill colour of a node kind (Graphviz darkseagreen2 / lightblue / palegoldenrod).</summary>
    internal static string FillColor(CellNodeKind kind) => kind switch
    {
        CellNodeKind.Input => "#b4eeb4",
        CellNodeKind.Output => "#eee8aa",
        _ => "#add8e6",
    };

    private static void AddPanel(CellLayout layout, double dx, double dy, XElement edges, XElement nodes, XElement labels)
    {
        foreach (var e in layout.Edges)
        {
            var d = new System.Text.StringBuilder();
            d.Append("M ").Append(P(e.Segments[0].P0, dx, dy));
            foreach (var s in e.Segments)
                d.Append(" C ").Append(P(s.C1, dx, dy)).Append(' ').Append(P(s.C2, dx, dy)).Append(' ').Append(P(s.P3, dx, dy));
            edges.Add(new XElement(Svg + "path", new XAttribute("d", d.ToString()), new XAttribute("marker-end", "url(#arrow)")));

            if (e.LabelAt is { } c && !string.IsNullOrEmpty(e.Edge.Label))
            {
                labels.Add(new XElement(Svg + "text",
                    new XAttribute("x", F(c.X + dx)),
                    new XAttribute("y", F(c.Y + dy + CellLayout.LabelFontSize * 0.35)),
                    e.Edge.Label));
            }
        }

        foreach (var n in layout.Nodes)
        {
            nodes.Add(new XElement(Svg + "g", new XAttribute("class", "node"),
                new XElement(Svg + "rect",
                    new XAttribute("x", F(n.X + dx)), new XAttribute("y", F(n.Y + dy)),
                    new XAttribute("width", F(n.Width)), new XAttribute("height", F(n.Height)),
                    new XAttribute("rx", "7"), new XAttribute("ry", "7"),
                    new XAttribute("fill", FillColor(n.Node.Kind)), new XAttribute("stroke", "#333333"),
                    new XAttribute("stroke-width", "1.6")),
                new XElement(Svg + "text",
                    new XAttribute("x", F(n.CenterX + dx)),
                    new XAttribute("y", F(n.CenterY + dy + CellLayout.NodeFontSize * 0.35)),
                    new XAttribute("font-size", F(CellLayout.NodeFontSize)),
                    new XAttribute("text-anchor", "middle"), new XAttribute("fill", "#111111"),
                    n.Node.Label)));
        }
    }

    private static string P(LayoutPoint p, double dx, double dy) => F(p.X + dx) + "," + F(p.Y + dy);

    private static string F(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
