namespace NasSharp.Tests.Strategies;

using NasSharp.Experiments;
using NasSharp.Strategies;
using NasSharp.Strategies.Reinforce;
using NasSharp.Tests.Experiments;

/// <summary>REINFORCE end to end with fake runners: it learns the favoured op, is reproducible, resumes exactly, and
/// is refused where there are no edges to choose ops for.</summary>
public sealed class ReinforceExperimentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-reinforce-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static ExperimentConfig Config(int trials = 20, int seed = 3) =>
        new() { Strategy = "reinforce", Space = "nb201", Trials = trials, Seed = seed };

    [Fact]
    public async Task Run_ScoreFavoursOneOpPerEdge_ItsProbabilityRisesOnEveryEdge()
    {
        using var e = Experiment.Create(Path.Combine(_dir, "learn"), Config(trials: 150));
        var result = await e.RunAsync(new FavouredOpRunner());
        Assert.Equal(ExperimentStatus.Finished, result.Status);
        var metrics = e.Store.Metrics();
        var series = Enumerable.Range(0, 6)
            .Select(edge => metrics.Where(m => m.Name == $"alpha/edge{edge}/{FavouredOpRunner.Favoured}").OrderBy(m => m.Step).Select(m => m.Value).ToArray())
            .ToArray();
        var text = string.Join("; ", series.Select((s, edge) => $"edge {edge}: {s[0]:F3} -> {s[^1]:F3}"));
        Assert.All(series, s => Assert.Equal(150, s.Length));
        Assert.All(series, s => Assert.InRange(s[0], 0.19, 0.21)); // ~uniform at the start (logits 1e-3·N(0, 1))
        // p(favoured op) after 150 steps of lr 0.01: well above the uniform 0.2 on every edge, and the best op on each.
        Assert.True(series.All(s => s[^1] > 0.3), text);
        var ops = NasSharp.SearchSpaces.OpNames.Nb201;
        Assert.All(Enumerable.Range(0, 6), edge => Assert.All(ops.Where(o => o != FavouredOpRunner.Favoured), o =>
            Assert.True(metrics.Where(m => m.Name == $"alpha/edge{edge}/{o}").MaxBy(m => m.Step)!.Value < series[edge][^1], $"edge {edge} op {o}; {text}")));
        var entropy = metrics.Where(m => m.Name == "entropy").OrderBy(m => m.Step).Select(m => m.Value).ToArray();
        Assert.True(entropy[^1] < entropy[0], "the policy should sharpen");
        Assert.Equal(result.Trials.MaxBy(t => t.ValidAccuracy)!.Key, result.Best!.Key);
        Assert.Contains(metrics, m => m.Name == "baseline");
        Assert.Contains(metrics, m => m.Name == "reward");
    }

    [Fact]
    public async Task Run_SameSeedTwice_SameTrialsAndMetrics()
    {
        using var a = Experiment.Create(Path.Combine(_dir, "a"), Config());
        using var b = Experiment.Create(Path.Combine(_dir, "b"), Config());
        await a.RunAsync(new FakeTrialRunner());
        await b.RunAsync(new FakeTrialRunner());
        Assert.Equal(StrategyRuns.TrialTable(a), StrategyRuns.TrialTable(b));
        Assert.Equal(StrategyRuns.MetricTable(a), StrategyRuns.MetricTable(b));
        Assert.True(a.Store.Trials().Select(t => t.ArchitectureHash).Distinct().Count() > 10, "samples should differ from each other");
    }

    [Fact]
    public async Task Run_StoppedThenResumed_EqualsUninterruptedAndDoesNotRerunFinishedTrials()
    {
        using (var reference = Experiment.Create(Path.Combine(_dir, "ref"), Config()))
            await reference.RunAsync(new FavouredOpRunner());
        var folder = Path.Combine(_dir, "stopped");
        var (first, second) = await StrategyRuns.StopAndResume(folder, Config(), stopAt: 7, () => new FavouredOpRunner());
        Assert.Empty(second.Intersect(first.Take(7))); // the 7 finished before the stop are answered from the store
        Assert.Equal(20, first.Union(second).Count());
        using var r = Experiment.Open(Path.Combine(_dir, "ref"));
        using var s = Experiment.Open(folder);
        Assert.Equal(StrategyRuns.TrialTable(r), StrategyRuns.TrialTable(s));
        Assert.Equal(StrategyRuns.MetricTable(r), StrategyRuns.MetricTable(s)); // logits, Adam moments and baseline resumed exactly
    }

    [Fact]
    public async Task Run_WithFailedTrials_SkipsTheirUpdateAndFinishes()
    {
        using var e = Experiment.Create(Path.Combine(_dir, "fail"), Config());
        var result = await e.RunAsync(new FakeTrialRunner(fails: k => k is "step-0" or "step-5"));
        Assert.Equal(ExperimentStatus.Finished, result.Status);
        var metrics = e.Store.Metrics();
        Assert.Equal(18, metrics.Count(m => m.Name == "reward"));
        Assert.DoesNotContain(metrics, m => m.Name == "reward" && m.Step is 1 or 6);
        Assert.Equal(20, metrics.Count(m => m.Name == "entropy"));
        Assert.Equal(TrialStatus.Succeeded, result.Best!.Status);
    }

    [Fact]
    public void Resolve_SpaceWithoutEdges_RefusedNamingWhy()
    {
        var e = Assert.Throws<ArgumentException>(() => StrategyRegistry.Resolve(Config() with { Space = "enas-macro" }));
        Assert.Contains("Strategy 'reinforce' searches the spaces nb201, not 'enas-macro': REINFORCE learns one op per edge", e.Message);
        var encoding = Assert.Throws<ArgumentException>(() => EdgeOpEncoding.For("darts"));
        Assert.Contains("not a fixed cell with one op per edge", encoding.Message);
    }

    [Fact]
    public void Resolve_Defaults_AreTheReferenceSettings()
    {
        var options = new ReinforceDefinition().Options(StrategyRegistry.Resolve(Config()));
        Assert.Equal(new ReinforceOptions { LearningRate = 0.01, EmaMomentum = 0.9, InitScale = 1e-3 }, options);
        var bad = Assert.Throws<ArgumentException>(() => StrategyRegistry.Resolve(Config() with
        {
            StrategyOptions = new System.Text.Json.Nodes.JsonObject { ["ema_momentum"] = 1.0 },
        }));
        Assert.Contains("reinforce option EmaMomentum must be in [0, 1), got 1", bad.Message);
    }
}
