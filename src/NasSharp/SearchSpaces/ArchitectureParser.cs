namespace NasSharp.SearchSpaces;

/// <summary>Reads an architecture from whatever a user typed: a published name, a file, or inline text.</summary>
public static class ArchitectureParser
{
    /// <summary>
    /// Reads an architecture, trying in order: a published name (case-insensitive, see
    /// <see cref="PublishedArchitectures"/>); an existing file path (relative paths resolve against
    /// <paramref name="baseDirectory"/>), whose content is read as JSON when it starts with <c>{</c> and as DARTS text
    /// or an NB201 string otherwise; JSON text; DARTS <c>Genotype(...)</c> text (CNN or recurrent); an enas_lm recurrent fixed_arc (integers only); Petridish <c>Petridish(...)</c> text; an NB201 string.
    /// </summary>
    /// <param name="text">The name, path or text.</param>
    /// <param name="baseDirectory">Directory for relative paths; default (null) is the current directory.</param>
    /// <returns>The architecture.</returns>
    /// <exception cref="ArchitectureFormatException">Nothing matched; the message lists each attempt and why it
    /// failed (including the position-naming error of a format the text resembles).</exception>
    public static Architecture Parse(string text, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var tried = new List<string>();

        if (PublishedArchitectures.TryFind(trimmed, out var entry)) return entry!.Architecture;
        tried.Add($"published name: none called '{Shorten(trimmed)}' (known: {string.Join(", ", PublishedArchitectures.Names)})");

        if (LooksLikePath(trimmed))
        {
            string full;
            try
            {
                full = Path.GetFullPath(trimmed, baseDirectory ?? Directory.GetCurrentDirectory());
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
            {
                full = trimmed;
            }
            if (File.Exists(full))
            {
                var content = File.ReadAllText(full);
                try
                {
                    return ParseText(content.Trim(), []);
                }
                catch (ArchitectureFormatException ex)
                {
                    throw new ArchitectureFormatException($"file '{full}': {ex.Message}", ex);
                }
            }
            tried.Add($"file: '{Shorten(full)}' does not exist");
        }
        else
        {
            tried.Add("file: not a path");
        }

        return ParseText(trimmed, tried);
    }

    private static Architecture ParseText(string s, List<string> tried)
    {
        if (s.StartsWith('{'))
        {
            try { return ArchitectureJson.Deserialize(s); }
            catch (ArchitectureFormatException ex) { tried.Add($"JSON: {ex.Message}"); }
        }
        else tried.Add("JSON: does not start with '{'");

        if (s.Contains("recurrent", StringComparison.Ordinal) && s.Contains('('))
        {
            try { return DartsRecurrentFormat.Parse(s); }
            catch (ArchitectureFormatException ex) { tried.Add($"DARTS recurrent text: {ex.Message}"); }
        }
        else if (s.Length > 0 && s.All(c => char.IsAsciiDigit(c) || char.IsWhiteSpace(c)))
        {
            try { return EnasFixedArc.ParseRecurrentLm(s); }
            catch (ArchitectureFormatException ex) { tried.Add($"enas_lm recurrent fixed_arc (integer-only text is read as one; an ENAS micro/macro arc needs a JSON or published form): {ex.Message}"); }
        }
        else if (s.StartsWith("Petridish(", StringComparison.Ordinal))
        {
            try { return PetridishFormat.Parse(s); }
            catch (ArchitectureFormatException ex) { tried.Add($"Petridish text: {ex.Message}"); }
        }
        else if (s.Contains('('))
        {
            try { return DartsFormat.Parse(s); }
            catch (ArchitectureFormatException ex) { tried.Add($"DARTS text: {ex.Message}"); }
        }
        else tried.Add("DARTS text: no 'Genotype(' found");

        if (s.StartsWith('|'))
        {
            try { return Nb201Format.Parse(s); }
            catch (ArchitectureFormatException ex) { tried.Add($"NB201 string: {ex.Message}"); }
        }
        else tried.Add("NB201 string: does not start with '|'");

        throw new ArchitectureFormatException(
            $"cannot read '{Shorten(s)}' as an architecture; tried:\n  - " + string.Join("\n  - ", tried));
    }

    private static bool LooksLikePath(string s) =>
        s.Length is > 0 and < 1024 && !s.Contains('\n') && !s.StartsWith('{') && !s.StartsWith('|') &&
        s.IndexOfAny(Path.GetInvalidPathChars()) < 0;

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
