namespace NasSharp.Tests.Experiments;

using System.Text.Json;
using NasSharp.Experiments;
using NasSharp.SearchSpaces;
using NasSharp.Strategies.Petridish;

/// <summary>A tiny real Petridish search (seed, candidate searches warm-started from the parent's weights, gated children
/// trained from the candidates' weights) through the experiment layer: lineage, artefacts, gallery table and CSV, the
/// frontier plot and the answer.</summary>
public sealed class PetridishExperimentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-petridish-run-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Run_TinyRealSearch_GrowsWarmStartedGatedChildrenAndReportsTheFrontier()
    {
        var options = new PetridishOptions { SeedLayers = "2", SeedChannels = "4", SeedEpochs = 1, CandidateEpochs = 1, ChildEpochs = 1, MaxModels = 3, TopK = 2 };
        var config = new ExperimentConfig
        {
            Strategy = "petridish", Space = "petridish", Seed = 3, Preset = "cpu-small",
            Budget = new TrialBudget { Channels = 4, Layers = 2, Epochs = 1, BatchSize = 32, TrainLimit = 256, ValidFraction = 0.05, CropPadding = 0, HorizontalFlip = false },
            StrategyOptions = JsonSerializer.SerializeToNode(options, NasSharp.Training.ModelFolder.Json)!.AsObject(),
        };
        using var e = Experiment.Create(Path.Combine(_dir, "pd"), config);
        var result = await e.RunAsync();

        Assert.Equal(ExperimentStatus.Finished, result.Status);
        Assert.Equal(["seed-0", "cand-0", "child-0", "cand-1", "child-1"], result.Trials.Select(t => t.Key));
        Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Succeeded, t.Status));
        Assert.Equal(["seed", "candidate", "child", "candidate", "child"], result.Trials.Select(t => t.Kind));
        foreach (var t in result.Trials) Assert.True(File.Exists(Path.Combine(e.Folder, t.ArtefactPath!)), $"{t.Key} has no weights");

        var candidate = result.Trials[1];
        var seed = (PetridishGenotype)ArchitectureJson.Deserialize(result.Trials[0].ArchitectureJson);
        Assert.Equal(result.Trials[0].ArchitectureJson, candidate.ArchitectureJson);
        // Every pair of both cell types reported its final weight; the child keeps the top 2 of each as a gated node.
        Assert.Equal(7 * seed.Normal.States + 7 * seed.Reduce.States, candidate.Metrics.Keys.Count(k => k.StartsWith(PetridishTrialRunner.CandidateMetricPrefix, StringComparison.Ordinal)));
        var child = (PetridishGenotype)ArchitectureJson.Deserialize(result.Trials[2].ArchitectureJson);
        Assert.Equal(PetridishSearchSpace.Grow(seed, CandidateSelection.TopK(candidate.Metrics, "normal", seed.Normal.States, 2),
            CandidateSelection.TopK(candidate.Metrics, "reduce", seed.Reduce.States, 2)), child);
        Assert.Equal(candidate.Parameters, result.Trials[0].Parameters); // a candidate trial's cost is its parent's
        Assert.True(result.Trials[2].Macs > result.Trials[0].Macs);
        Assert.All(result.Trials.Where(t => t.Kind != "candidate"), t => Assert.True(t.LatencyMs > 0, $"{t.Key}: no latency"));

        var gallery = e.Store.Gallery();
        Assert.Equal(["seed-0", "child-0", "child-1"], gallery.Select(r => r.Key));
        Assert.Contains(gallery, r => r.OnHull);
        Assert.All(gallery.Where(r => r.OnHull), r => Assert.True(r.InEpsilonHull));
        Assert.Equal(4, File.ReadAllLines(Path.Combine(e.Folder, PetridishSearch.GalleryFile)).Length);
        Assert.Contains(gallery.Select(r => r.Key), k => k == result.Best!.Key);
        Assert.True(File.Exists(Path.Combine(e.Folder, "plots", "gallery_frontier.svg")));
        Assert.Contains("Gallery and frontier", File.ReadAllText(Path.Combine(e.Folder, "report.html")));
        Assert.True(File.Exists(Path.Combine(e.Folder, Experiment.GenotypesFolder, "best.svg")));
        Assert.StartsWith("Petridish(", File.ReadAllText(Path.Combine(e.Folder, Experiment.GenotypesFolder, "best.txt")));
    }
}
