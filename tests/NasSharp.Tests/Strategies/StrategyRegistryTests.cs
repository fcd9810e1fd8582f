namespace NasSharp.Tests.Strategies;

using System.Text.Json;
using System.Text.Json.Nodes;
using NasSharp.Experiments;
using NasSharp.Strategies;
using NasSharp.Strategies.Enas;
using NasSharp.Training;

/// <summary>The registry contract, run over every registered strategy, plus the resolution rules.</summary>
public sealed class StrategyRegistryTests
{
    public static TheoryData<string> Strategies() => new(StrategyRegistry.Names);

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Resolve_EveryStrategyPresetAndSpace_WritesEveryOptionAndRoundTrips(string name)
    {
        var d = StrategyRegistry.Get(name);
        Assert.Equal(d.Presets.Count, d.PresetSummaries.Count);
        Assert.NotEmpty(d.Spaces);
        var properties = d.OptionsType.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance).Select(p => StrategyDefinition<object>.JsonName(p.Name)).Order().ToArray();
        foreach (var preset in d.Presets)
            foreach (var space in d.Spaces)
            {
                var config = StrategyRegistry.Resolve(new ExperimentConfig { Strategy = name.ToUpperInvariant(), Space = space, Preset = preset });
                Assert.Equal((d.Name, space, preset), (config.Strategy, config.Space, config.Preset));
                Assert.Equal(properties, config.StrategyOptions!.Select(p => p.Key).Order().ToArray());
                // config.json round trip gives the same options and the same strategy.
                var back = ExperimentConfig.FromJson(config.ToJson(), "test");
                Assert.Equal(config.StrategyOptions!.ToJsonString(), back.StrategyOptions!.ToJsonString());
                Assert.Equal(d.Name, StrategyRegistry.Create(back).Name);
            }
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void CliOptions_EveryStrategy_NameARealPropertyAndParse(string name)
    {
        var d = StrategyRegistry.Get(name);
        foreach (var option in d.CliOptions)
        {
            var property = d.OptionsType.GetProperty(option.Property);
            Assert.True(property is not null, $"{name} {option.Name} -> {option.Property}");
            Assert.StartsWith("--", option.Name);
            var options = d.ResolveOptions(d.Spaces[0], null, null);
            var text = property!.PropertyType == typeof(double) ? "0.5" : property.PropertyType == typeof(bool) ? "true" : "3";
            d.SetOption(options, option, text);
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            Assert.Equal(type == typeof(string) ? $"\"{text}\"" : text, options[StrategyDefinition<object>.JsonName(option.Property)]!.ToJsonString());
        }
    }

    [Fact]
    public void Resolve_PartialOptions_TakeThePresetForTheRest()
    {
        var config = StrategyRegistry.Resolve(new ExperimentConfig
        {
            Strategy = "enas", Space = "enas-macro", Preset = "cpu-small", StrategyOptions = new JsonObject { ["derive_samples"] = 3 },
        });
        var options = new EnasDefinition().Options(config);
        Assert.Equal(EnasOptions.ForSpace("enas-macro", "cpu-small") with { DeriveSamples = 3 }, options);
    }

    [Fact]
    public void Resolve_UnknownOptionPresetOrSpace_FailsNamingIt()
    {
        var unknown = Assert.Throws<ArgumentException>(() => StrategyRegistry.Resolve(new ExperimentConfig
        {
            Strategy = "enas", Space = "enas-micro", StrategyOptions = new JsonObject { ["epochz"] = 3 },
        }));
        Assert.Contains("enas has no option 'epochz'", unknown.Message);
        var preset = Assert.Throws<ArgumentException>(() => StrategyRegistry.Resolve(new ExperimentConfig { Strategy = "enas", Space = "enas-micro", Preset = "huge" }));
        Assert.Contains("Valid presets: paper, cpu-small", preset.Message);
        var space = Assert.Throws<ArgumentException>(() => StrategyRegistry.Resolve(new ExperimentConfig { Strategy = "enas", Space = "darts" }));
        Assert.Contains("searches the spaces enas-micro, enas-macro, nb201, not 'darts'", space.Message);
        var range = Assert.Throws<ArgumentException>(() => StrategyRegistry.Resolve(new ExperimentConfig
        {
            Strategy = "enas", Space = "enas-micro", StrategyOptions = new JsonObject { ["controller_aggregate"] = 0 },
        }));
        Assert.Contains("ControllerAggregate must be at least 1, got 0", range.Message);
        Assert.Contains("Valid strategies: random, enas", Assert.Throws<ArgumentException>(() => StrategyRegistry.Get("nope")).Message);
    }

    [Fact]
    public void FromJson_LegacyTypedEnasProperty_BecomesStrategyOptions()
    {
        var legacy = new JsonObject
        {
            ["strategy"] = "enas", ["space"] = "enas-micro",
            ["enas"] = JsonSerializer.SerializeToNode(EnasOptions.ForSpace("enas-micro", "cpu-small") with { Epochs = 7 }, ModelFolder.Json),
        };
        var config = ExperimentConfig.FromJson(legacy.ToJsonString(), "old config.json");
        Assert.Equal(7, new EnasDefinition().Options(config).Epochs);
        Assert.Contains("old config.json", Assert.Throws<InvalidDataException>(() => ExperimentConfig.FromJson("[1]", "old config.json")).Message);
    }

    [Fact]
    public void ApplyEpochs_Enas_SetsTheRetrainLengthAndZeroKeepsTheBudget()
    {
        var d = new EnasDefinition();
        var budget = d.PresetBudget("enas-micro", "cpu-small", new TrialBudget());
        var (options, b) = d.ApplyEpochs(d.ResolveOptions("enas-micro", "cpu-small", null), budget, 5);
        Assert.Equal((5, 5), (options["retrain_epochs"]!.GetValue<int>(), b.Epochs));
        (options, b) = d.ApplyEpochs(d.ResolveOptions("enas-micro", "cpu-small", null), budget, 0);
        Assert.Equal((0, budget.Epochs), (options["retrain_epochs"]!.GetValue<int>(), b.Epochs));
        var (_, randomBudget) = new RandomSearchDefinition().ApplyEpochs(new JsonObject(), new TrialBudget(), 4);
        Assert.Equal(4, randomBudget.Epochs);
    }
}
