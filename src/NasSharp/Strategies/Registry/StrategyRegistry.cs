namespace NasSharp.Strategies;

using NasSharp.Experiments;
using NasSharp.SearchSpaces;

/// <summary>The strategies NasSharp knows, by name. Adding one: its own folder with a <see cref="StrategyDefinition{TOptions}"/>,
/// plus one line in <see cref="All"/> (or <see cref="Register"/> from your own code).</summary>
public static class StrategyRegistry
{
    private static readonly List<IStrategyDefinition> Definitions =
    [
        new RandomSearchDefinition(),
        new Enas.EnasDefinition(),
        new Evolution.EvolutionDefinition(),
        new Reinforce.ReinforceDefinition(),
        new Darts.DartsDefinition(),
        new Darts.BatsDefinition(),
        new Petridish.PetridishDefinition(),
    ];

    private static readonly Lock Gate = new();

    /// <summary>Every registered strategy, in registration order.</summary>
    public static IReadOnlyList<IStrategyDefinition> All
    {
        get
        {
            lock (Gate) return Definitions.ToArray();
        }
    }

    /// <summary>Registered names.</summary>
    public static IReadOnlyList<string> Names => All.Select(d => d.Name).ToArray();

    /// <summary>Adds a strategy (for example one of your own); a name already taken throws.</summary>
    public static void Register(IStrategyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        lock (Gate)
        {
            if (Definitions.Any(d => d.Name.Equals(definition.Name, StringComparison.OrdinalIgnoreCase)))
                throw new ArgumentException($"A strategy named '{definition.Name}' is already registered.", nameof(definition));
            Definitions.Add(definition);
        }
    }

    /// <summary>The strategy called <paramref name="name"/> (any case), or null.</summary>
    public static IStrategyDefinition? Find(string name) =>
        All.FirstOrDefault(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The strategy called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the valid ones.</exception>
    public static IStrategyDefinition Get(string name) =>
        Find(name) ?? throw new ArgumentException($"Unknown strategy '{name}'. Valid strategies: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>The config with canonical strategy and space names, the preset named and every strategy option resolved
    /// (so <c>config.json</c> shows them all). Throws <see cref="ArgumentException"/> for any name or value that is wrong.</summary>
    public static ExperimentConfig Resolve(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var definition = Get(config.Strategy);
        var space = SearchSpaceCatalog.Canonical(config.Space);
        var preset = definition.Presets.FirstOrDefault(p => p.Equals(config.Preset ?? definition.Presets[0], StringComparison.OrdinalIgnoreCase))
                     ?? throw new ArgumentException($"Unknown {definition.Name} preset '{config.Preset}'. Valid presets: {string.Join(", ", definition.Presets)}.");
        return config with
        {
            Strategy = definition.Name, Space = space, Preset = preset,
            StrategyOptions = definition.ResolveOptions(space, preset, config.StrategyOptions),
        };
    }

    /// <summary>Builds the strategy a configuration asks for.</summary>
    public static ISearchStrategy Create(ExperimentConfig config) => Get(config.Strategy).Create(config);
}
