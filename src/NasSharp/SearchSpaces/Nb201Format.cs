using System.Globalization;
using System.Text;

namespace NasSharp.SearchSpaces;

/// <summary>
/// The NAS-Bench-201 architecture string, for example
/// <c>|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|</c>:
/// one <c>|op~source|</c> group per target node 1..3, joined by <c>+</c>.
/// </summary>
public static class Nb201Format
{
    /// <summary>Parses an NB201 string (surrounding whitespace is ignored). Ops must be in
    /// <see cref="OpNames.Nb201"/>.</summary>
    /// <param name="text">The string.</param>
    /// <returns>The cell.</returns>
    /// <exception cref="ArchitectureFormatException">The string is malformed or names an unknown op; the message
    /// names the node and edge.</exception>
    public static Nb201Genotype Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        if (s.Length < 2 || s[0] != '|' || s[^1] != '|')
            throw new ArchitectureFormatException(
                "NB201 string: expected '|op~0|+|op~0|op~1|+|op~0|op~1|op~2|' (starting and ending with '|')");
        var nodes = s.Split('+');
        if (nodes.Length != 3)
            throw new ArchitectureFormatException(
                $"NB201 string: expected 3 node groups joined by '+', got {nodes.Length}");
        var ops = new List<string>(6);
        for (var n = 0; n < 3; n++)
        {
            var group = nodes[n];
            var target = n + 1;
            if (group.Length < 2 || group[0] != '|' || group[^1] != '|')
                throw new ArchitectureFormatException(
                    $"NB201 node {target}: expected a group '|op~k|...|', got '{group}'");
            var edges = group[1..^1].Split('|');
            if (edges.Length != target)
                throw new ArchitectureFormatException(
                    $"NB201 node {target}: expected {target} edges (one from each of nodes 0..{target - 1}), got {edges.Length}");
            for (var j = 0; j < edges.Length; j++)
            {
                var e = ops.Count;
                var tilde = edges[j].LastIndexOf('~');
                if (tilde < 0)
                    throw new ArchitectureFormatException(
                        $"{GenotypeValidation.Nb201Position(e)}: expected 'op~{j}', got '{edges[j]}'");
                var op = edges[j][..tilde];
                var src = edges[j][(tilde + 1)..];
                if (src != j.ToString(CultureInfo.InvariantCulture))
                    throw new ArchitectureFormatException(
                        $"{GenotypeValidation.Nb201Position(e)}: expected source ~{j}, got ~{src}");
                if (!OpNames.Nb201.Contains(op, StringComparer.Ordinal))
                    throw new ArchitectureFormatException(GenotypeValidation.Nb201Position(e),
                        $"unknown op '{op}'", "ops", OpNames.Nb201);
                ops.Add(op);
            }
        }
        return new Nb201Genotype(ops);
    }

    /// <summary>Prints the benchmark string of a cell.</summary>
    /// <param name="genotype">The cell (six ops).</param>
    /// <returns>The string, for example <c>|nor_conv_3x3~0|+|...|+|...|</c>.</returns>
    /// <exception cref="ArgumentException">The cell does not have six ops.</exception>
    public static string Format(Nb201Genotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        if (genotype.Ops.Count != 6)
            throw new ArgumentException($"an NB201 cell has 6 edge ops, got {genotype.Ops.Count}", nameof(genotype));
        var sb = new StringBuilder();
        var e = 0;
        for (var target = 1; target <= 3; target++)
        {
            if (target > 1) sb.Append('+');
            sb.Append('|');
            for (var j = 0; j < target; j++)
                sb.Append(genotype.Ops[e++]).Append('~').Append(j.ToString(CultureInfo.InvariantCulture)).Append('|');
        }
        return sb.ToString();
    }
}
