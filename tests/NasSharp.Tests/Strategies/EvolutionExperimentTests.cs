namespace NasSharp.Tests.Strategies;

using System.Text.Json.Nodes;
using NasSharp.Experiments;
using NasSharp.SearchSpaces;
using NasSharp.Strategies;
using NasSharp.Strategies.Evolution;
using NasSharp.Tests.Experiments;

/// <summary>Regularized evolution end to end with fake runners: lineage, age-based population, reproducibility,
/// stop/resume, failures, and the registry's refusals.</summary>
public sealed class EvolutionExperimentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-rea-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static ExperimentConfig Config(int trials = 30, int seed = 3) =>
        new() { Strategy = "rea", Space = "nb201", Trials = trials, Seed = seed };

    [Fact]
    public async Task Run_Default_RandomPopulationThenChildrenOneEdgeFromATournamentParent()
    {
        using var e = Experiment.Create(Path.Combine(_dir, "a"), Config());
        var result = await e.RunAsync(new FakeTrialRunner());
        Assert.Equal(ExperimentStatus.Finished, result.Status);
        var trials = result.Trials;
        Assert.Equal(30, trials.Count);
        Assert.All(trials.Take(10), t => Assert.Equal(("trial", null), (t.Kind, t.ParentKey)));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"sample-{i}"), trials.Take(10).Select(t => t.Key));
        var byKey = trials.ToDictionary(t => t.Key);
        for (var i = 10; i < 30; i++)
        {
            var child = trials[i];
            Assert.Equal(($"child-{i}", RegularizedEvolution.ChildKind), (child.Key, child.Kind));
            // The parent was in the population when the child was proposed: one of the 10 results before it.
            var parent = byKey[child.ParentKey!];
            Assert.InRange(parent.Id, child.Id - 10, child.Id - 1);
            var (p, c) = ((Nb201Genotype)ArchitectureJson.Deserialize(parent.ArchitectureJson), (Nb201Genotype)ArchitectureJson.Deserialize(child.ArchitectureJson));
            Assert.Equal(1, Enumerable.Range(0, 6).Count(k => p.Ops[k] != c.Ops[k]));
        }
        // The answer is the best over every trial, children included (declared final).
        Assert.Equal(trials.MaxBy(t => t.ValidAccuracy)!.Key, result.Best!.Key);
        Assert.Contains(e.Store.Metrics(), m => m.Name == "best_valid_accuracy" && m.Step == 30);
    }

    [Fact]
    public async Task Run_Finished_PopulationIsTheYoungestTenNotTheBestTen()
    {
        using var e = Experiment.Create(Path.Combine(_dir, "age"), Config());
        var result = await e.RunAsync(new FakeTrialRunner());
        var strategy = new RegularizedEvolution(new Nb201SearchSpace(), new EvolutionOptions(), 30);
        strategy.LoadState(StrategyRuns.LastStrategyState(e));
        var youngest = result.Trials.OrderBy(t => t.Id).TakeLast(10).Select(t => t.Key).ToArray();
        Assert.Equal(youngest, strategy.Population.Select(m => m.Key));
        Assert.Equal(Enumerable.Range(21, 10), strategy.Population.Select(m => m.Born));
        var bestTen = result.Trials.OrderByDescending(t => t.ValidAccuracy).Take(10).Select(t => t.Key).ToHashSet();
        Assert.False(bestTen.SetEquals(youngest), "this seed should have an old good trial that aged out");
    }

    [Fact]
    public async Task Run_SameSeedTwice_SameTrialsAndLineage()
    {
        using var a = Experiment.Create(Path.Combine(_dir, "a"), Config());
        using var b = Experiment.Create(Path.Combine(_dir, "b"), Config());
        await a.RunAsync(new FakeTrialRunner());
        await b.RunAsync(new FakeTrialRunner());
        Assert.Equal(StrategyRuns.TrialTable(a), StrategyRuns.TrialTable(b));
        using var c = Experiment.Create(Path.Combine(_dir, "c"), Config(seed: 4));
        await c.RunAsync(new FakeTrialRunner());
        Assert.NotEqual(StrategyRuns.TrialTable(a), StrategyRuns.TrialTable(c));
    }

    [Fact]
    public async Task Run_StoppedThenResumed_EqualsUninterruptedAndDoesNotRerunFinishedTrials()
    {
        using (var reference = Experiment.Create(Path.Combine(_dir, "ref"), Config()))
            await reference.RunAsync(new FakeTrialRunner());
        var folder = Path.Combine(_dir, "stopped");
        var (first, second) = await StrategyRuns.StopAndResume(folder, Config(), stopAt: 14, () => new FakeTrialRunner());
        Assert.Empty(second.Intersect(first.Take(14))); // the 14 finished before the stop are answered from the store
        Assert.Equal(30, first.Union(second).Count());
        using var r = Experiment.Open(Path.Combine(_dir, "ref"));
        using var s = Experiment.Open(folder);
        Assert.Equal(StrategyRuns.TrialTable(r), StrategyRuns.TrialTable(s));
        Assert.Equal(StrategyRuns.MetricTable(r), StrategyRuns.MetricTable(s));
        Assert.Equal(r.Result(ExperimentStatus.Finished).Best!.Key, s.Result(ExperimentStatus.Finished).Best!.Key);
    }

    [Fact]
    public async Task Run_FourWorkers_EveryTrialOnceAndChildrenOnlyAfterThePopulation()
    {
        using var e = Experiment.Create(Path.Combine(_dir, "w4"), Config() with { Workers = 4 });
        var result = await e.RunAsync(new FakeTrialRunner(delayMs: k => k.GetHashCode() % 3 == 0 ? 5 : 0));
        Assert.Equal(30, result.Trials.Count);
        Assert.Equal(20, result.Trials.Count(t => t.Kind == RegularizedEvolution.ChildKind));
        Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Succeeded, t.Status));
    }

    [Fact]
    public async Task Run_WithFailedTrials_FinishesAndNeverAnswersAFailure()
    {
        using var e = Experiment.Create(Path.Combine(_dir, "fail"), Config());
        var result = await e.RunAsync(new FakeTrialRunner(fails: k => k is "sample-1" or "sample-4" or "child-12"));
        Assert.Equal(ExperimentStatus.Finished, result.Status);
        Assert.Equal(3, result.Trials.Count(t => t.Status == TrialStatus.Failed));
        Assert.Equal(TrialStatus.Succeeded, result.Best!.Status);
        Assert.Equal(30, e.Store.LoadStrategyState()!.Value.Step);
    }

    [Fact]
    public void Resolve_SpaceWithoutMutation_RefusedNamingWhy()
    {
        var e = Assert.Throws<ArgumentException>(() => StrategyRegistry.Resolve(Config() with { Space = "darts" }));
        Assert.Contains("Strategy 'rea' searches the spaces nb201, not 'darts': regularized evolution mutates architectures", e.Message);
        Assert.Contains("IMutableSearchSpace", e.Message);
    }

    [Fact]
    public void Resolve_SampleLargerThanPopulation_RefusedNamingTheOption()
    {
        var e = Assert.Throws<ArgumentException>(() => StrategyRegistry.Resolve(Config() with
        {
            StrategyOptions = new JsonObject { ["population"] = 4, ["sample"] = 5 },
        }));
        Assert.Contains("rea option Sample must be in [1, Population = 4], got 5", e.Message);
    }

    [Fact]
    public void Resolve_Defaults_AreTheReferenceSettings()
    {
        var config = StrategyRegistry.Resolve(Config());
        Assert.Equal(new EvolutionOptions { Population = 10, Sample = 3 }, new EvolutionDefinition().Options(config));
    }
}
