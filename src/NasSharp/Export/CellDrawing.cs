using NasSharp.SearchSpaces;

namespace NasSharp.Export;

/// <summary>Draws the cells of an architecture as SVG or Graphviz DOT text.</summary>
public static class CellDrawing
{
    /// <summary>The formats <see cref="Draw"/> accepts.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["svg", "dot"];

    /// <summary>
    /// Draws <paramref name="architecture"/>: for a <see cref="CellGenotype"/> both cells (SVG: the normal cell
    /// above the reduction cell, titled <c>normal</c> and <c>reduce</c>; DOT: two <c>subgraph cluster_*</c>),
    /// for an <see cref="Nb201Genotype"/> its one cell, for an <see cref="EnasMacroGenotype"/> its layer chain with skips, for a <see cref="RecurrentGenotype"/> its cell DAG
    /// from <c>x_t</c>, <c>h_{t-1}</c> to <c>h_t</c>.
    /// </summary>
    /// <param name="architecture">The architecture to draw.</param>
    /// <param name="format"><c>svg</c> or <c>dot</c> (case-insensitive).</param>
    /// <returns>The drawing as text.</returns>
    /// <exception cref="ArgumentException">Unknown format, or an architecture that has no cells to draw.</exception>
    public static string Draw(Architecture architecture, string format)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(format);
        string f = format.Trim().ToLowerInvariant();
        if (!Formats.Contains(f))
            throw new ArgumentException($"Unknown drawing format '{format}'; expected one of: {string.Join(", ", Formats)}.", nameof(format));

        switch (architecture)
        {
            case CellGenotype g:
                IReadOnlyList<(string, CellGraph)> panels =
                    [("normal", CellGraph.FromCell(g.Normal)), ("reduce", CellGraph.FromCell(g.Reduce))];
                return f == "svg" ? SvgWriter.Write(panels) : DotWriter.Write(panels);
            case PetridishGenotype g:
                IReadOnlyList<(string, CellGraph)> cells =
                    [("normal", CellGraph.FromPetridish(g.Normal)), ("reduce", CellGraph.FromPetridish(g.Reduce))];
                return f == "svg" ? SvgWriter.Write(cells) : DotWriter.Write(cells);
            case Nb201Genotype g:
                var graph = CellGraph.FromNb201(g);
                return f == "svg" ? SvgWriter.Write(graph) : DotWriter.Write(graph);
            case RecurrentGenotype g:
                var recurrent = CellGraph.FromRecurrent(g);
                return f == "svg" ? SvgWriter.Write(recurrent) : DotWriter.Write(recurrent);
            case EnasMacroGenotype g:
                var macro = CellGraph.FromMacro(g);
                return f == "svg" ? SvgWriter.Write(macro) : DotWriter.Write(macro);
            default:
                throw new ArgumentException(
                    $"Cannot draw architectures of space '{architecture.Space}' ({architecture.GetType().Name}).", nameof(architecture));
        }
    }
}
