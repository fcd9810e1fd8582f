namespace NasSharp.SearchSpaces;

/// <summary>The registered search spaces by name, with their default settings.</summary>
public static class SearchSpaceCatalog
{
    private static readonly Dictionary<string, Func<ISearchSpace>> Spaces = new(StringComparer.OrdinalIgnoreCase)
    {
        ["darts"] = () => new CellSearchSpace(),
        ["nb201"] = () => new Nb201SearchSpace(),
        ["enas-micro"] = () => new EnasMicroSearchSpace(),
        ["enas-macro"] = () => new EnasMacroSearchSpace(),
        ["enas-rnn"] = () => new RecurrentSearchSpace(),
    };

    /// <summary>Registered names.</summary>
    public static IReadOnlyList<string> Names { get; } = Spaces.Keys.ToArray();

    /// <summary>The registered name <paramref name="name"/> stands for (case-insensitive); an unknown name throws listing the valid ones.</summary>
    public static string Canonical(string name) =>
        Names.FirstOrDefault(n => n.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown search space '{name}'. Valid spaces: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>The space called <paramref name="name"/>; an unknown name throws listing the valid ones.</summary>
    public static ISearchSpace Get(string name) =>
        Spaces.TryGetValue(name, out var make)
            ? make()
            : throw new ArgumentException($"Unknown search space '{name}'. Valid spaces: {string.Join(", ", Names)}.", nameof(name));
}
