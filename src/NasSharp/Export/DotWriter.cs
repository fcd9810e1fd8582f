using System.Text;

namespace NasSharp.Export;

/// <summary>
/// Writes a <see cref="CellGraph"/> as Graphviz DOT text in the look of DARTS <c>cnn/visualize.py</c>:
/// <c>rankdir=LR</c>, filled rectangles (inputs <c>darkseagreen2</c>, intermediate nodes <c>lightblue</c>,
/// output <c>palegoldenrod</c>), edges labelled with op names. Render with <c>dot -Tpdf</c>.
/// </summary>
public static class DotWriter
{
    private const string NodeDefaults =
        "node [style=filled, shape=rect, align=center, fontsize=20, height=0.5, width=0.5, penwidth=2, fontname=\"times\"];";

    private const string EdgeDefaults = "edge [fontsize=20, fontname=\"times\", fillcolor=gray];";

    /// <summary>Writes one cell as a DOT digraph.</summary>
    /// <param name="graph">The cell graph.</param>
    /// <returns>DOT text; each op edge reads like <c>"c_{k-1}" -&gt; "0" [label="sep_conv_3x3"];</c>.</returns>
    public static string Write(CellGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var sb = new StringBuilder();
        sb.Append("digraph cell {\n");
        AppendHeader(sb, "  ");
        AppendBody(sb, graph, idPrefix: "", indent: "  ");
        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>Writes several cells into one DOT digraph, each in its own <c>subgraph cluster_*</c>
    /// labelled with its title (node ids are prefixed with <c>title/</c> to keep them apart).</summary>
    /// <param name="panels">Title and graph of each cell, in order.</param>
    /// <returns>DOT text.</returns>
    /// <exception cref="ArgumentException">Two panels share a title.</exception>
    public static string Write(IReadOnlyList<(string Title, CellGraph Graph)> panels)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Select(p => p.Title).Distinct(StringComparer.Ordinal).Count() != panels.Count)
            throw new ArgumentException("Panel titles must be unique.", nameof(panels));

        var sb = new StringBuilder();
        sb.Append("digraph genotype {\n");
        AppendHeader(sb, "  ");
        for (int i = 0; i < panels.Count; i++)
        {
            var (title, graph) = panels[i];
            ArgumentNullException.ThrowIfNull(graph);
            sb.Append("  subgraph ").Append(Quote("cluster_" + title)).Append(" {\n");
            sb.Append("    label=").Append(Quote(title)).Append(";\n");
            AppendBody(sb, graph, idPrefix: title + "/", indent: "    ");
            sb.Append("  }\n");
        }

        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>Quotes a DOT ID, escaping backslashes, double quotes and newlines.</summary>
    internal static string Quote(string s) =>
        "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("\"", "\\\"", StringComparison.Ordinal)
                .Replace("\r", "", StringComparison.Ordinal)
                .Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    /// <summary>The Graphviz colour name of a node kind (as in DARTS visualize.py).</summary>
    internal static string FillColor(CellNodeKind kind) => kind switch
    {
        CellNodeKind.Input => "darkseagreen2",
        CellNodeKind.Output => "palegoldenrod",
        _ => "lightblue",
    };

    private static void AppendHeader(StringBuilder sb, string indent)
    {
        sb.Append(indent).Append("rankdir=LR;\n");
        sb.Append(indent).Append(NodeDefaults).Append('\n');
        sb.Append(indent).Append(EdgeDefaults).Append('\n');
    }

    private static void AppendBody(StringBuilder sb, CellGraph graph, string idPrefix, string indent)
    {
        foreach (var n in graph.Nodes)
        {
            string id = idPrefix + n.Id;
            sb.Append(indent).Append(Quote(id)).Append(" [");
            if (id != n.Label) sb.Append("label=").Append(Quote(n.Label)).Append(", ");
            sb.Append("fillcolor=").Append(FillColor(n.Kind)).Append("];\n");
        }

        foreach (var e in graph.Edges)
        {
            sb.Append(indent).Append(Quote(idPrefix + e.From)).Append(" -> ").Append(Quote(idPrefix + e.To));
            if (!string.IsNullOrEmpty(e.Label)) sb.Append(" [label=").Append(Quote(e.Label)).Append(']');
            sb.Append(";\n");
        }
    }
}
