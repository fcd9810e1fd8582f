namespace NasSharp.SearchSpaces;

/// <summary>The registered search spaces by name, with their default settings. Names are case-insensitive, and the
/// names other tools use are accepted as aliases (<c>nas-bench-201</c>, <c>nasbench201</c>, <c>nasbench-201</c>,
/// <c>nb-201</c> for <c>nb201</c>; <c>darts-cnn</c>, <c>nasnet</c> for <c>darts</c>; <c>enas_micro</c>-style
/// underscores for the ENAS spaces); <see cref="Canonical"/> gives the name to store.</summary>
public static class SearchSpaceCatalog
{
    private static readonly Dictionary<string, Func<ISearchSpace>> Spaces = new(StringComparer.OrdinalIgnoreCase)
    {
        ["darts"] = () => new CellSearchSpace(),
        ["nb201"] = () => new Nb201SearchSpace(),
        ["enas-micro"] = () => new EnasMicroSearchSpace(),
        ["enas-macro"] = () => new EnasMacroSearchSpace(),
        ["enas-rnn"] = () => new RecurrentSearchSpace(),
        [PetridishSearchSpace.SpaceName] = () => new PetridishSearchSpace(),
    };

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["nas-bench-201"] = "nb201",
        ["nasbench201"] = "nb201",
        ["nasbench-201"] = "nb201",
        ["nas-bench201"] = "nb201",
        ["nb-201"] = "nb201",
        ["darts-cnn"] = "darts",
        ["nasnet"] = "darts",
        ["enas_micro"] = "enas-micro",
        ["enas_macro"] = "enas-macro",
        ["enas_rnn"] = "enas-rnn",
    };

    /// <summary>Registered (canonical) names; aliases are not listed.</summary>
    public static IReadOnlyList<string> Names { get; } = Spaces.Keys.ToArray();

    /// <summary>The canonical name of <paramref name="name"/> (a registered name in any case, or an alias): store this
    /// one. An unknown name throws listing the valid ones.</summary>
    /// <exception cref="ArgumentException">No space is called <paramref name="name"/>.</exception>
    public static string Canonical(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.Trim();
        if (Aliases.TryGetValue(key, out var canonical)) return canonical;
        return Names.FirstOrDefault(n => n.Equals(key, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown search space '{name}'. Valid spaces: {string.Join(", ", Names)} " +
                $"(also accepted: {string.Join(", ", Aliases.Keys)}).");
    }

    /// <summary>The space called <paramref name="name"/> (or an alias of it); an unknown name throws listing the valid ones.</summary>
    /// <exception cref="ArgumentException">No space is called <paramref name="name"/>.</exception>
    public static ISearchSpace Get(string name) => Spaces[Canonical(name)]();
}
