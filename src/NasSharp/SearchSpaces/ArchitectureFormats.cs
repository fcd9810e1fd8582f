namespace NasSharp.SearchSpaces;

using System.Globalization;

/// <summary>
/// An architecture as text, written in one place: the community form its space uses (what <c>best.txt</c>,
/// <c>nas resume</c> and <c>nas arch show</c> print).
/// </summary>
public static class ArchitectureFormats
{
    /// <summary>The community text form of <paramref name="architecture"/>: a DARTS cell genotype as
    /// <c>Genotype(normal=[...], ...)</c>, followed by the line <c>ENAS fixed_arc: ...</c> when it is also an ENAS micro
    /// cell; NAS-Bench-201 as <c>|op~0|+|op~0|op~1|+...</c>; ENAS macro as <c>fixed_arc: ...</c>; the ENAS recurrent
    /// cell as DARTS <c>Genotype(recurrent=[...], concat=range(1, N+1))</c> when node 0 is tanh, else <c>fixed_arc: ...</c>
    /// (melodyguan's <c>ptb_final.sh</c> form); Petridish as <c>Petridish(normal=[...], ...)</c>; anything else as compact JSON.</summary>
    public static string ToText(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return architecture switch
        {
            CellGenotype g => TryEnasMicro(g) is { } arc ? DartsFormat.Format(g) + "\nENAS fixed_arc: " + arc : DartsFormat.Format(g),
            Nb201Genotype g => Nb201Format.Format(g),
            EnasMacroGenotype g => "fixed_arc: " + EnasFixedArc.FormatMacro(g),
            RecurrentGenotype g => DartsRecurrentFormat.TryFormat(g) ?? "fixed_arc: " + EnasFixedArc.FormatRecurrent(g),
            PetridishGenotype g => PetridishFormat.Format(g),
            _ => ArchitectureJson.Serialize(architecture, indented: false),
        };
    }

    /// <summary>Every textual form of <paramref name="architecture"/>, named (DARTS text, ENAS fixed_arc, NB201 string and
    /// index, and indented JSON last), as <c>nas arch show</c> prints them.</summary>
    public static IReadOnlyList<(string Name, string Text)> All(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var forms = new List<(string, string)>();
        switch (architecture)
        {
            case CellGenotype g:
                forms.Add(("DARTS genotype", DartsFormat.Format(g)));
                if (TryEnasMicro(g) is { } arc) forms.Add(("ENAS fixed_arc (micro)", arc));
                break;
            case Nb201Genotype g:
                forms.Add(("NAS-Bench-201 string", Nb201Format.Format(g)));
                forms.Add(("NAS-Bench-201 index", new Nb201SearchSpace().IndexOf(g).ToString(CultureInfo.InvariantCulture)));
                break;
            case EnasMacroGenotype g:
                forms.Add(("ENAS fixed_arc (macro)", EnasFixedArc.FormatMacro(g)));
                break;
            case RecurrentGenotype g:
                if (DartsRecurrentFormat.TryFormat(g) is { } darts) forms.Add(("DARTS recurrent genotype", darts));
                if (EnasFixedArc.FormatRecurrentLm(g) is { } lm) forms.Add(("enas_lm fixed_arc", lm));
                forms.Add(("ENAS fixed_arc (recurrent, melodyguan)", EnasFixedArc.FormatRecurrent(g)));
                break;
            case PetridishGenotype g:
                forms.Add(("Petridish genotype", PetridishFormat.Format(g)));
                break;
        }
        forms.Add(("JSON", ArchitectureJson.Serialize(architecture)));
        return forms;
    }

    /// <summary>The ENAS micro <c>fixed_arc</c> of a cell genotype, or null when it is not an ENAS micro cell (other
    /// ops, or a concat that is not the loose ends).</summary>
    public static string? TryEnasMicro(CellGenotype genotype)
    {
        try
        {
            return EnasFixedArc.FormatMicro(genotype);
        }
        catch (ArchitectureFormatException)
        {
            return null;
        }
    }
}
