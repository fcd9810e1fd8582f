namespace NasSharp.Tests.Strategies;

using System.Text.Json;
using System.Text.Json.Nodes;
using NasSharp.Experiments;
using NasSharp.SearchSpaces;
using NasSharp.Strategies.Petridish;

/// <summary>The Petridish strategy through the experiment layer with a fake runner: lineage and finalisation, out-of-order
/// completion with two workers, failed trials as data, stop/resume equality, the constraint pick.</summary>
public sealed class PetridishSearchTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-petridish-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static ExperimentConfig Config(int workers, int maxModels, Func<PetridishOptions, PetridishOptions>? edit = null)
    {
        var options = new PetridishOptions { SeedLayers = "2,3", SeedChannels = "4", SeedEpochs = 1, CandidateEpochs = 1, ChildEpochs = 1, MaxModels = maxModels };
        options = edit?.Invoke(options) ?? options;
        return new ExperimentConfig
        {
            Strategy = "petridish", Space = "petridish", Seed = 5, Workers = workers, Preset = "cpu-small",
            Budget = new TrialBudget { Channels = 4, Layers = 2, Epochs = 1 },
            StrategyOptions = JsonSerializer.SerializeToNode(options, NasSharp.Training.ModelFolder.Json)!.AsObject(),
        };
    }

    // Every child is its candidate search's parent grown by that search's top-k pairs, and the gallery's lineage follows the store.
    private static void AssertLineage(Experiment e, int topK = 3)
    {
        var trials = e.Store.Trials().ToDictionary(t => t.Key);
        var gallery = e.Store.Gallery();
        foreach (var child in trials.Values.Where(t => t.Kind == PetridishTrialRunner.ChildKind))
        {
            var candidate = trials[child.ParentKey!];
            Assert.Equal(PetridishTrialRunner.CandidateKind, candidate.Kind);
            var parent = trials[candidate.ParentKey!];
            Assert.Equal(parent.ArchitectureJson, candidate.ArchitectureJson);
            var parentGenotype = (PetridishGenotype)ArchitectureJson.Deserialize(parent.ArchitectureJson);
            var expected = PetridishSearchSpace.Grow(parentGenotype,
                CandidateSelection.TopK(candidate.Metrics, "normal", parentGenotype.Normal.States, topK),
                CandidateSelection.TopK(candidate.Metrics, "reduce", parentGenotype.Reduce.States, topK));
            Assert.Equal(expected, ArchitectureJson.Deserialize(child.ArchitectureJson));
            Assert.Equal(JsonSerializer.Deserialize<TrialBudget>(parent.BudgetJson!, NasSharp.Training.ModelFolder.Json)!.Channels,
                JsonSerializer.Deserialize<TrialBudget>(child.BudgetJson!, NasSharp.Training.ModelFolder.Json)!.Channels);
            if (child.Status == TrialStatus.Succeeded) Assert.Equal(parent.Key, gallery.Single(r => r.Key == child.Key).ParentKey);
        }
        var models = trials.Values.Where(t => t.Kind is PetridishTrialRunner.SeedKind or PetridishTrialRunner.ChildKind && t.Status == TrialStatus.Succeeded);
        Assert.Equal(models.Select(t => t.Key).Order(), gallery.Select(r => r.Key).Order());
        var csv = File.ReadAllLines(Path.Combine(e.Folder, PetridishSearch.GalleryFile));
        Assert.Equal(gallery.Count + 1, csv.Length);
    }

    [Fact]
    public async Task Run_TwoWorkersOutOfOrder_HandlesWhicheverFinishesFirst()
    {
        // seed-0 is slow, so seed-1 finishes first and the first candidate search grows seed-1.
        var runner = new PetridishFakeRunner(delayMs: k => k == "seed-0" ? 400 : k.StartsWith("cand", StringComparison.Ordinal) ? 60 : 10);
        using var e = Experiment.Create(Path.Combine(_dir, "ooo"), Config(workers: 2, maxModels: 6));
        var result = await e.RunAsync(runner);

        Assert.Equal(ExperimentStatus.Finished, result.Status);
        var finished = runner.Finished.ToArray();
        Assert.True(Array.IndexOf(finished, "seed-1") < Array.IndexOf(finished, "seed-0"), string.Join(", ", finished));
        Assert.Equal("seed-1", e.Store.FindTrial("cand-0")!.ParentKey);
        Assert.Equal(6, e.Store.Gallery().Count);
        AssertLineage(e);
        Assert.Equal(result.Best!.Key, new PetridishSearchReader(e).Pick());
    }

    [Fact]
    public async Task Run_FailedSeedCandidateAndChild_AreDataAndTheSearchGoesOn()
    {
        var failing = new HashSet<string> { "seed-1", "cand-0", "child-2" };
        var runner = new PetridishFakeRunner(fails: failing.Contains);
        using var e = Experiment.Create(Path.Combine(_dir, "fail"), Config(workers: 1, maxModels: 5));
        var result = await e.RunAsync(runner);

        Assert.Equal(ExperimentStatus.Finished, result.Status);
        foreach (var key in failing) Assert.Equal(TrialStatus.Failed, e.Store.FindTrial(key)!.Status);
        Assert.Null(e.Store.FindTrial("child-0")); // its candidate search failed: no child
        var gallery = e.Store.Gallery();
        Assert.Equal(5, gallery.Count);
        Assert.DoesNotContain(gallery, r => failing.Contains(r.Key));
        AssertLineage(e);
    }

    [Fact]
    public async Task Run_TwoWorkersAndFailuresInFlight_StillReachesMaxModels()
    {
        // With two workers the model limit counts jobs in flight; when one of them fails the room it held is free again.
        var failing = new HashSet<string> { "child-1", "cand-3", "child-4" };
        var runner = new PetridishFakeRunner(fails: failing.Contains, delayMs: k => k.StartsWith("cand", StringComparison.Ordinal) ? 40 : 15);
        using var e = Experiment.Create(Path.Combine(_dir, "fail2"), Config(workers: 2, maxModels: 6));
        var result = await e.RunAsync(runner);

        Assert.Equal(ExperimentStatus.Finished, result.Status);
        Assert.Equal(6, e.Store.Gallery().Count);
        foreach (var key in failing) Assert.Equal(TrialStatus.Failed, e.Store.FindTrial(key)!.Status);
        AssertLineage(e);
    }

    [Fact]
    public async Task StopAndResume_MidAsynchronousSearchWithTwoWorkers_EndsWithTheSameGalleryAsAnUninterruptedRun()
    {
        using var straight = Experiment.Create(Path.Combine(_dir, "straight"), Config(workers: 2, maxModels: 7));
        await straight.RunAsync(new PetridishFakeRunner(fifo: true));

        var folder = Path.Combine(_dir, "resumed");
        using (var first = Experiment.Create(folder, Config(workers: 2, maxModels: 7)))
        {
            using var stop = new CancellationTokenSource();
            var progress = new SyncProgress<SearchProgress>(p => { if (p.Phase == "trial" && p.Completed == 5) stop.Cancel(); });
            var stopped = await first.RunAsync(new PetridishFakeRunner(fifo: true), progress, stop.Token);
            Assert.Equal(ExperimentStatus.Stopped, stopped.Status);
            Assert.True(first.Store.Gallery().Count < 7);
        }
        using var resumed = Experiment.Open(folder);
        var result = await resumed.RunAsync(new PetridishFakeRunner(fifo: true));

        Assert.Equal(ExperimentStatus.Finished, result.Status);
        Assert.Equal(straight.Store.Gallery(), resumed.Store.Gallery());
        Assert.Equal(straight.Store.Trials().Select(t => (t.Key, t.ArchitectureHash, t.ParentKey, t.Status)),
            resumed.Store.Trials().Select(t => (t.Key, t.ArchitectureHash, t.ParentKey, t.Status)));
        AssertLineage(resumed);
    }

    [Fact]
    public async Task Run_PickMaxMacs_DeclaresTheMostAccurateModelWithinTheConstraint()
    {
        using var e = Experiment.Create(Path.Combine(_dir, "pick"), Config(workers: 1, maxModels: 6, o => o with { PickMaxMacs = 12_000_000 }));
        var result = await e.RunAsync(new PetridishFakeRunner());
        var gallery = e.Store.Gallery();
        var within = gallery.Where(r => r.Macs <= 12_000_000).ToArray();
        Assert.NotEmpty(within);
        Assert.True(within.Length < gallery.Count, "the constraint should exclude some model");
        Assert.Equal(within.MinBy(r => r.ValidError)!.Key, result.Best!.Key);
    }

    [Fact]
    public async Task GalleryCommand_FinishedSearch_PrintsTheGalleryAndPicksUnderAConstraint()
    {
        var folder = Path.Combine(_dir, "cli");
        using (var e = Experiment.Create(folder, Config(workers: 1, maxModels: 5))) await e.RunAsync(new PetridishFakeRunner());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var reopened = Experiment.Open(folder);
        var rows = reopened.Store.Gallery();
        var limit = rows.OrderBy(r => r.Macs).ElementAt(1).Macs!.Value;
        var expected = rows.Where(r => r.Macs <= limit).MinBy(r => r.ValidError)!;
        var (exit, output, error) = NasSharp.Tests.Cli.CliRunner.Run("gallery", folder, "--max-macs", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(exit == 0, error);
        foreach (var r in rows) Assert.Contains(r.Key, output);
        Assert.Contains($"pick (MACs <= {limit:N0}): {expected.Key}", output);
        var (none, _, why) = NasSharp.Tests.Cli.CliRunner.Run("gallery", folder, "--max-macs", "1");
        Assert.Equal(2, none);
        Assert.Contains("No model of the gallery meets MACs <= 1", why);
    }

    [Fact]
    public void Options_BadValues_AreRefusedNamingTheOption()
    {
        Assert.Contains("--cost", Assert.Throws<ArgumentException>(() => new PetridishOptions { Cost = "flops" }.Validate()).Message);
        Assert.Contains("--seed-layers", Assert.Throws<ArgumentException>(() => new PetridishOptions { SeedLayers = "3,x" }.Validate()).Message);
        Assert.Contains("--seed-arch", Assert.Throws<ArgumentException>(() => new PetridishOptions { SeedArch = "|nor_conv_3x3~0|+|skip_connect~0|none~1|+|none~0|none~1|none~2|" }.Validate()).Message);
        Assert.Equal(PetridishSearchSpace.FromDarts((CellGenotype)PublishedArchitectures.Get("DARTS_V2")), PetridishSearch.SeedGenotype("DARTS_V2"));
    }

    // The answer the strategy would pick, recomputed from the stored gallery.
    private sealed class PetridishSearchReader(Experiment e)
    {
        public string Pick() => e.Store.Gallery().OrderBy(r => r.ValidError).ThenBy(r => r.Macs).First().Key;
    }
}
