namespace NasSharp.Strategies;

using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasSharp.Experiments;
using NasSharp.SearchSpaces;
using NasSharp.Training;

/// <summary>
/// The usual way to define a strategy: an options record <typeparamref name="TOptions"/> (immutable, with a
/// parameterless constructor, every property documented with its default), presets that fill it per space, and a
/// factory. Options travel as JSON in <see cref="ExperimentConfig.StrategyOptions"/>, in the snake_case of
/// <c>config.json</c>.
/// </summary>
/// <typeparam name="TOptions">The options record.</typeparam>
public abstract class StrategyDefinition<TOptions> : IStrategyDefinition where TOptions : class
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Summary { get; }

    /// <inheritdoc />
    public virtual bool WeightSharing => false;

    /// <inheritdoc />
    public abstract IReadOnlyList<string> Spaces { get; }

    /// <inheritdoc />
    public virtual IReadOnlyList<string> Presets { get; } = ["default"];

    /// <inheritdoc />
    public virtual IReadOnlyList<string> PresetSummaries { get; } = ["the options record's defaults"];

    /// <inheritdoc />
    public virtual IReadOnlyList<StrategyOption> CliOptions { get; } = [];

    /// <inheritdoc />
    public Type OptionsType => typeof(TOptions);

    /// <summary>The options of <paramref name="preset"/> (a name from <see cref="Presets"/>) for <paramref name="space"/>
    /// (canonical, one of <see cref="Spaces"/>).</summary>
    protected abstract TOptions PresetOptions(string space, string preset);

    /// <summary>Builds the strategy.</summary>
    protected abstract ISearchStrategy Create(TOptions options, ExperimentConfig config);

    /// <summary>Checks resolved options; throw <see cref="ArgumentException"/> naming the bad value. Default: nothing.</summary>
    protected virtual void Validate(TOptions options, string space) { }

    /// <summary>The typed options of a configuration (its preset overlaid with its <see cref="ExperimentConfig.StrategyOptions"/>).</summary>
    public TOptions Options(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Deserialize(ResolveOptions(config.Space, config.Preset, config.StrategyOptions));
    }

    /// <summary>The preset name <paramref name="preset"/> stands for (null: the default, the first of <see cref="Presets"/>).</summary>
    /// <exception cref="ArgumentException">An unknown preset; the message lists the valid ones.</exception>
    public string ResolvePreset(string? preset)
    {
        if (preset is null) return Presets[0];
        return Presets.FirstOrDefault(p => p.Equals(preset, StringComparison.OrdinalIgnoreCase))
               ?? throw new ArgumentException($"Unknown {Name} preset '{preset}'. Valid presets: {string.Join(", ", Presets)}.", nameof(preset));
    }

    /// <inheritdoc />
    public JsonObject ResolveOptions(string space, string? preset, JsonObject? given)
    {
        var canonical = CheckSpace(space);
        var node = Serialize(PresetOptions(canonical, ResolvePreset(preset)));
        foreach (var (key, value) in given ?? [])
        {
            if (!node.ContainsKey(key))
                throw new ArgumentException($"{Name} has no option '{key}'. Its options: {string.Join(", ", node.Select(p => p.Key))}.", nameof(given));
            node[key] = value?.DeepClone();
        }
        var options = Deserialize(node);
        Validate(options, canonical);
        return Serialize(options);
    }

    /// <inheritdoc />
    public virtual TrialBudget PresetBudget(string space, string? preset, TrialBudget defaults)
    {
        CheckSpace(space);
        ResolvePreset(preset);
        return defaults;
    }

    /// <inheritdoc />
    public virtual string EpochsHelp => "Training epochs per trial.";

    /// <inheritdoc />
    public virtual (JsonObject Options, TrialBudget Budget) ApplyEpochs(JsonObject options, TrialBudget budget, int epochs) =>
        (options, budget with { Epochs = epochs });

    /// <inheritdoc />
    public void SetOption(JsonObject options, StrategyOption option, string text)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(option);
        var property = typeof(TOptions).GetProperty(option.Property, BindingFlags.Public | BindingFlags.Instance)
                       ?? throw new InvalidOperationException($"{Name}: option {option.Name} names no property '{option.Property}' of {typeof(TOptions).Name}.");
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var inv = CultureInfo.InvariantCulture;
        JsonNode? value = type switch
        {
            _ when type == typeof(int) && int.TryParse(text, NumberStyles.Integer, inv, out var i) => JsonValue.Create(i),
            _ when type == typeof(long) && long.TryParse(text, NumberStyles.Integer, inv, out var l) => JsonValue.Create(l),
            _ when type == typeof(double) && double.TryParse(text, NumberStyles.Float, inv, out var d) && double.IsFinite(d) => JsonValue.Create(d),
            _ when type == typeof(bool) && bool.TryParse(text, out var b) => JsonValue.Create(b),
            _ when type == typeof(string) => JsonValue.Create(text),
            _ => throw new ArgumentException($"{option.Name}: expected {TypeName(type)}, got '{text}'.", nameof(text)),
        };
        options[JsonName(option.Property)] = value;
    }

    /// <inheritdoc />
    public ISearchStrategy Create(ExperimentConfig config) => Create(Options(config), config);

    /// <inheritdoc />
    public virtual ITrialRunner CreateTrialRunner(ExperimentConfig config, TrainingTrialRunner training) => training;

    /// <summary>The <c>config.json</c> name of an options property.</summary>
    public static string JsonName(string property) => ModelFolder.Json.PropertyNamingPolicy!.ConvertName(property);

    /// <summary>A readable name of an option's value type (for help and errors).</summary>
    public static string TypeName(Type type) =>
        type == typeof(int) || type == typeof(long) ? "an integer" : type == typeof(double) ? "a finite number" : type == typeof(bool) ? "true or false" : "text";

    /// <summary>Appended to the error for a space outside <see cref="Spaces"/> (e.g. why it is not offered). Default empty.</summary>
    protected virtual string UnsupportedSpaceReason => "";

    /// <summary>The canonical name of <paramref name="space"/> when this strategy searches it.</summary>
    /// <exception cref="ArgumentException">Another space; the message lists the ones it searches.</exception>
    protected string CheckSpace(string space)
    {
        var canonical = SearchSpaceCatalog.Canonical(space);
        return Spaces.Contains(canonical, StringComparer.Ordinal)
            ? canonical
            : throw new ArgumentException($"Strategy '{Name}' searches the spaces {string.Join(", ", Spaces)}, not '{space}'{UnsupportedSpaceReason}.", nameof(space));
    }

    private static JsonObject Serialize(TOptions options) => JsonSerializer.SerializeToNode(options, ModelFolder.Json)!.AsObject();

    private TOptions Deserialize(JsonObject node)
    {
        try
        {
            return node.Deserialize<TOptions>(ModelFolder.Json) ?? throw new ArgumentException($"{Name} options are empty.");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{Name} options: {e.Message}", e);
        }
    }
}
