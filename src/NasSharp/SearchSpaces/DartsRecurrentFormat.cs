namespace NasSharp.SearchSpaces;

using System.Globalization;
using System.Text.RegularExpressions;

/// <summary>
/// The DARTS recurrent genotype text (quark0/darts <c>rnn/genotypes.py</c>):
/// <c>Genotype(recurrent=[('sigmoid', 0), ('relu', 1), ...], concat=range(1, 9))</c>. Entry <c>i</c> (1-based) is node
/// <c>i</c>'s activation and the state it reads (0 = the highway step on <c>[x_t, h_{t-1}]</c>, which DARTS fixes to tanh);
/// the output averages states <c>1..N</c>. The same cell form as enas_lm, so it reads into a <see cref="RecurrentGenotype"/>.
/// </summary>
public static partial class DartsRecurrentFormat
{
    /// <summary>Parses the text.</summary>
    /// <exception cref="ArchitectureFormatException">No <c>recurrent=[...]</c> list, a malformed entry, an input out of range,
    /// an unknown activation, or a concat other than all nodes <c>1..N</c>; the message names the entry.</exception>
    public static RecurrentGenotype Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = RecurrentList().Match(text);
        if (!list.Success)
            throw new ArchitectureFormatException("DARTS recurrent genotype: expected 'recurrent=[(\"activation\", input), ...]'");
        var nodes = new List<RecurrentNode> { new(RecurrentNode.CellInput, ActivationNames.Tanh) };
        var body = list.Groups[1].Value;
        var entries = Entry().Matches(body);
        var rest = Entry().Replace(body, "").Replace(",", "").Trim();
        if (rest.Length > 0)
            throw new ArchitectureFormatException($"DARTS recurrent genotype: cannot read '{rest}' in the recurrent list; expected ('activation', input) pairs");
        foreach (Match e in entries)
        {
            var i = nodes.Count;
            var activation = e.Groups[1].Value;
            var input = int.Parse(e.Groups[2].Value, CultureInfo.InvariantCulture);
            if (!ActivationNames.EnasLm.Contains(activation))
                throw new ArchitectureFormatException($"DARTS recurrent node {i}", $"unknown activation '{activation}'", "activations", ActivationNames.EnasLm);
            if (input >= i)
                throw new ArchitectureFormatException($"DARTS recurrent node {i}: input {input} out of range 0..{i - 1}");
            nodes.Add(new RecurrentNode(input, activation));
        }
        if (nodes.Count < 2) throw new ArchitectureFormatException("DARTS recurrent genotype: the recurrent list is empty");
        var n = nodes.Count - 1;
        var concat = Concat().Match(text);
        if (concat.Success)
        {
            int[] indices;
            if (concat.Groups[1].Success)
                indices = Enumerable.Range(int.Parse(concat.Groups[1].Value, CultureInfo.InvariantCulture),
                    Math.Max(0, int.Parse(concat.Groups[2].Value, CultureInfo.InvariantCulture) - int.Parse(concat.Groups[1].Value, CultureInfo.InvariantCulture))).ToArray();
            else
                indices = concat.Groups[3].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            if (!indices.SequenceEqual(Enumerable.Range(1, n)))
                throw new ArchitectureFormatException(
                    $"DARTS recurrent concat: only the average of every node, range(1, {n + 1}), is supported; got [{string.Join(", ", indices)}]");
        }
        return new RecurrentGenotype(nodes);
    }

    /// <summary>The text of <paramref name="genotype"/>, or null when node 0 is not tanh (DARTS fixes it).</summary>
    public static string? TryFormat(RecurrentGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        if (genotype.Nodes.Count < 2 || genotype.Nodes[0].Activation != ActivationNames.Tanh) return null;
        var entries = genotype.Nodes.Skip(1).Select(n => string.Create(CultureInfo.InvariantCulture, $"('{n.Activation}', {n.Input})"));
        return string.Create(CultureInfo.InvariantCulture,
            $"Genotype(recurrent=[{string.Join(", ", entries)}], concat=range(1, {genotype.Nodes.Count}))");
    }

    [GeneratedRegex(@"recurrent\s*=\s*\[(.*?)\]", RegexOptions.Singleline)]
    private static partial Regex RecurrentList();

    [GeneratedRegex(@"\(\s*['""](\w+)['""]\s*,\s*(\d+)\s*\)")]
    private static partial Regex Entry();

    [GeneratedRegex(@"concat\s*=\s*(?:range\(\s*(\d+)\s*,\s*(\d+)\s*\)|\[([\d,\s]*)\])")]
    private static partial Regex Concat();
}
