namespace NasSharp.SearchSpaces;

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

/// <summary>
/// The text form of a <see cref="PetridishGenotype"/>, in the spirit of DARTS's <c>Genotype(...)</c>:
/// <c>Petridish(normal=[sum(sep_conv_3x3~1, skip_connect~1), gated(sep_conv_5x5~0, max_pool_3x3~2)], normal_out=[2],
/// reduce=[...], reduce_out=[2])</c>: <c>sum(...)</c> is a seed node, <c>gated(...)</c> a node Petridish added; each
/// edge is <c>op~input state</c>.
/// </summary>
public static partial class PetridishFormat
{
    /// <summary>The text of <paramref name="genotype"/>.</summary>
    public static string Format(PetridishGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        var s = new StringBuilder("Petridish(");
        Cell(s, "normal", genotype.Normal);
        s.Append(", ");
        Cell(s, "reduce", genotype.Reduce);
        return s.Append(')').ToString();
    }

    /// <summary>Reads the text form back.</summary>
    /// <exception cref="ArchitectureFormatException">Not the form, or an invalid genotype; the message names the part.</exception>
    public static PetridishGenotype Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = Whole().Match(text.Trim());
        if (!m.Success)
            throw new ArchitectureFormatException("Petridish text: expected 'Petridish(normal=[...], normal_out=[...], reduce=[...], reduce_out=[...])'");
        var g = new PetridishGenotype(ReadCell(m.Groups[1].Value, m.Groups[2].Value, "normal"), ReadCell(m.Groups[3].Value, m.Groups[4].Value, "reduce"));
        GenotypeValidation.ValidatePetridish(g, OpNames.All);
        return g;
    }

    private static void Cell(StringBuilder s, string name, PetridishCell cell)
    {
        s.Append(name).Append("=[");
        s.Append(string.Join(", ", cell.Nodes.Select(n => (n.Added ? "gated(" : "sum(") +
            string.Join(", ", n.Edges.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Op}~{e.Input}"))) + ")")));
        s.Append("], ").Append(name).Append("_out=[").Append(string.Join(", ", cell.Output)).Append(']');
    }

    private static PetridishCell ReadCell(string nodes, string output, string label)
    {
        var parsed = new List<PetridishNode>();
        var rest = Node().Replace(nodes, m =>
        {
            var edges = m.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(e =>
            {
                var parts = e.Split('~');
                if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var input))
                    throw new ArchitectureFormatException($"Petridish {label} node {parsed.Count}: expected 'op~state', got '{e}'");
                return new OpEdge(parts[0].Trim(), input);
            });
            parsed.Add(new PetridishNode(edges, m.Groups[1].Value == "gated"));
            return "";
        });
        if (rest.Replace(",", "").Trim().Length > 0)
            throw new ArchitectureFormatException($"Petridish {label}: cannot read '{rest.Trim()}' (nodes are sum(op~state, ...) or gated(op~state, ...))");
        var outs = output.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(o =>
            int.TryParse(o, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
                : throw new ArchitectureFormatException($"Petridish {label}_out: expected a state number, got '{o}'"));
        return new PetridishCell(parsed, outs.ToArray());
    }

    [GeneratedRegex(@"^Petridish\(\s*normal=\[(.*)\],\s*normal_out=\[([^\]]*)\],\s*reduce=\[(.*)\],\s*reduce_out=\[([^\]]*)\]\s*\)$", RegexOptions.Singleline)]
    private static partial Regex Whole();

    [GeneratedRegex(@"(sum|gated)\(([^)]*)\)")]
    private static partial Regex Node();
}
