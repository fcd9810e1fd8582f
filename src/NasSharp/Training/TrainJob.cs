namespace NasSharp.Training;

using System.Text.Json;
using NasSharp.Cost;
using NasSharp.Data;
using NasSharp.Networks;
using NasSharp.SearchSpaces;
using static TorchSharp.torch;

/// <summary>
/// Trains an architecture from scratch into a model folder (<see cref="ModelFolder"/>): the library form of
/// <c>nas train</c>. Re-running on the same folder resumes from its checkpoint.
/// </summary>
public static class TrainJob
{
    /// <summary>Trains <paramref name="config"/>'s architecture and writes the model folder <paramref name="outDir"/>.</summary>
    /// <param name="config">The run; written as <c>config.json</c>.</param>
    /// <param name="outDir">Model folder (created if needed).</param>
    /// <param name="progress">Progress sink, or null.</param>
    /// <param name="time">Clock; default <see cref="TimeProvider.System"/>.</param>
    /// <param name="cancellation">Stops after the current epoch's checkpoint.</param>
    public static TrainJobResult Run(TrainJobConfig config, string outDir, IProgress<TrainingProgress>? progress = null,
        TimeProvider? time = null, CancellationToken cancellation = default)
    {
        time ??= TimeProvider.System;
        var start = time.GetTimestamp();
        config.Validate();
        var architecture = ArchitectureParser.Parse(config.Architecture);
        Directory.CreateDirectory(outDir);
        var configPath = Path.Combine(outDir, ModelFolder.ConfigFile);
        if (File.Exists(configPath) && CheckpointFiles(config, outDir).Any(File.Exists) &&
            Differences(ModelFolder.ReadConfig(outDir), config) is { Count: > 0 } changed)
            throw new InvalidOperationException($"'{outDir}' holds a run with a different configuration ({string.Join(", ", changed)}); " +
                "give the same options to resume it, or choose another --out folder.");
        ModelFolder.WriteAtomically(configPath, JsonSerializer.Serialize(config, ModelFolder.Json));
        ModelFolder.WriteAtomically(Path.Combine(outDir, ModelFolder.ArchitectureFile), ArchitectureJson.Serialize(architecture));

        using var splits = DatasetCatalog.Load(config.Data, config.DataDir);
        using var limited = config.TrainLimit > 0 && config.TrainLimit < splits.Train.Count ? TakeFirst(splits.Train, config.TrainLimit) : null;
        var train = limited ?? splits.Train;
        var normalization = Normalization.FromDataset(train);
        ModelFolder.WriteAtomically(Path.Combine(outDir, ModelFolder.NormalizationFile), JsonSerializer.Serialize(normalization, ModelFolder.Json));
        manual_seed(config.Training.Seed);
        using var network = Build(architecture, config, train);
        // A binary run measures its cost after stage 2, with the weights binarised.
        if (config.Binary) return RunBinary(config, outDir, network, train, splits.Test, normalization, progress, time, start, cancellation);
        var cost = CostCounter.Measure(network, train.Channels, train.Height, train.Width);

        var trainer = new Trainer(config.Training, progress, time);
        var metricsPath = Path.Combine(outDir, ModelFolder.MetricsFile);
        TrimMetrics(metricsPath, [Path.Combine(outDir, ModelFolder.CheckpointFile)]);
        trainer.EpochCompleted += m => File.AppendAllText(metricsPath, JsonSerializer.Serialize(m, JsonCompact) + "\n");
        var result = trainer.Train(network, train, splits.Test, normalization, Path.Combine(outDir, ModelFolder.CheckpointFile), cancellation);
        if (result.ResumedFromEpoch + result.History.Count < config.Training.Epochs)
            throw new OperationCanceledException($"Training of '{outDir}' was stopped; run the same command again to resume from its checkpoint.", cancellation);

        var weights = Path.Combine(outDir, ModelFolder.WeightsFile);
        network.save(weights + ".tmp");
        File.Move(weights + ".tmp", weights, overwrite: true);
        var final = result.Final ?? Evaluator.Evaluate(network, new BatchLoader(splits.Test, 256, normalization, null, shuffle: false));
        var jobResult = new TrainJobResult(final.Accuracy, final.Loss, cost.Parameters, cost.Macs,
            result.ResumedFromEpoch + result.History.Count, time.GetElapsedTime(start).TotalSeconds);
        ModelFolder.WriteAtomically(Path.Combine(outDir, ModelFolder.ResultFile), JsonSerializer.Serialize(jobResult, ModelFolder.Json));
        return jobResult;
    }

    /// <summary>Evaluates a trained model folder on its dataset's test split (or <paramref name="data"/>).</summary>
    public static EvaluationResult Evaluate(string modelDir, string? data = null, string? dataDir = null)
    {
        var config = ModelFolder.ReadConfig(modelDir);
        var archPath = Path.Combine(modelDir, ModelFolder.ArchitectureFile);
        var weights = Path.Combine(modelDir, ModelFolder.WeightsFile);
        if (!File.Exists(weights)) throw new FileNotFoundException($"'{modelDir}' has no trained weights ({ModelFolder.WeightsFile}); has training finished?", weights);
        var architecture = ArchitectureJson.Deserialize(File.ReadAllText(archPath));
        var normalization = ModelFolder.ReadNormalization(modelDir);
        using var splits = DatasetCatalog.Load(data ?? config.Data, dataDir ?? config.DataDir);
        using var network = Build(architecture, config, splits.Test);
        network.load(weights);
        if (config.Binary) Ops.Binary.BinaryConv2d.SetWeightBinarization(network, true); // the saved model is the fully binary one
        return Evaluator.Evaluate(network, new BatchLoader(splits.Test, 256, normalization, null, shuffle: false));
    }

    // The two-stage path: checkpoint-stage1.bin, checkpoint-stage2.bin (+ stage 1's results beside its checkpoint);
    // metrics.jsonl holds stage 1's epochs then stage 2's, each line with its "stage".
    private static TrainJobResult RunBinary(TrainJobConfig config, string outDir, ClassificationNetwork network, ImageDataset train,
        ImageDataset test, Normalization normalization, IProgress<TrainingProgress>? progress, TimeProvider time, long start,
        CancellationToken cancellation)
    {
        var checkpoints = CheckpointFiles(config, outDir);
        var metricsPath = Path.Combine(outDir, ModelFolder.MetricsFile);
        TrimMetrics(metricsPath, checkpoints);
        var recipe = new TwoStageBinaryTraining(config.Training, config.Stage2Epochs, progress, time);
        recipe.EpochCompleted += (stage, m) =>
        {
            var line = JsonSerializer.SerializeToNode(m, JsonCompact)!.AsObject();
            line["stage"] = stage;
            File.AppendAllText(metricsPath, line.ToJsonString() + "\n");
        };
        TwoStageResult result;
        try
        {
            result = recipe.Train(network, train, test, normalization, checkpoints[0], checkpoints[1], cancellation: cancellation);
        }
        catch (OperationCanceledException)
        {
            throw new OperationCanceledException($"Training of '{outDir}' was stopped; run the same command again to resume from its checkpoint.", cancellation);
        }
        var weights = Path.Combine(outDir, ModelFolder.WeightsFile);
        network.save(weights + ".tmp");
        File.Move(weights + ".tmp", weights, overwrite: true);
        var cost = result.Cost;
        var jobResult = new TrainJobResult(result.Stage2.Accuracy, result.Stage2.Loss, cost.Parameters, cost.Macs,
            config.Training.Epochs + recipe.Stage2Epochs, time.GetElapsedTime(start).TotalSeconds,
            result.Stage1.Accuracy, result.Stage2BeforeFineTuning.Accuracy, cost.Flops, cost.Bops, cost.Combined);
        ModelFolder.WriteAtomically(Path.Combine(outDir, ModelFolder.ResultFile), JsonSerializer.Serialize(jobResult, ModelFolder.Json));
        return jobResult;
    }

    /// <summary>The checkpoint files of a run: <c>checkpoint.bin</c>, or a binary run's two stage checkpoints.</summary>
    private static string[] CheckpointFiles(TrainJobConfig config, string outDir) => config.Binary
        ? [Path.Combine(outDir, ModelFolder.Stage1CheckpointFile), Path.Combine(outDir, ModelFolder.Stage2CheckpointFile)]
        : [Path.Combine(outDir, ModelFolder.CheckpointFile)];

    private static readonly JsonSerializerOptions JsonCompact = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static ClassificationNetwork Build(Architecture architecture, TrainJobConfig config, ImageDataset train) =>
        NetworkBuilder.Build(architecture, new NetworkOptions(train.Channels, train.Height, train.Classes.Count,
            config.Channels, config.Layers, config.Auxiliary, config.Training.Dropout, config.Binary, config.BinaryGroups));

    private static ImageDataset TakeFirst(ImageDataset train, int count) =>
        train.Subset(Enumerable.Range(0, count).Select(i => (long)i).ToArray());

    /// <summary>"training.learning_rate: 0.025 -> 0.05" for every setting that differs (the progress interval, the
    /// device, which a checkpoint may change, and the case of an architecture name do not count).</summary>
    private static List<string> Differences(TrainJobConfig stored, TrainJobConfig requested)
    {
        static Dictionary<string, string> Flatten(TrainJobConfig c)
        {
            c = c with { Architecture = c.Architecture.ToUpperInvariant(), Training = c.Training with { LogEvery = 0, Device = "" } };
            var values = new Dictionary<string, string>();
            void Walk(System.Text.Json.Nodes.JsonNode? node, string path)
            {
                if (node is System.Text.Json.Nodes.JsonObject o) foreach (var (k, v) in o) Walk(v, path.Length == 0 ? k : path + "." + k);
                else values[path] = node?.ToJsonString() ?? "null";
            }
            Walk(JsonSerializer.SerializeToNode(c, ModelFolder.Json), "");
            return values;
        }
        var a = Flatten(stored);
        var b = Flatten(requested);
        return a.Keys.Union(b.Keys).Where(k => a.GetValueOrDefault(k) != b.GetValueOrDefault(k))
            .Select(k => $"{k}: {a.GetValueOrDefault(k, "-")} -> {b.GetValueOrDefault(k, "-")}").ToList();
    }

    // metrics.jsonl keeps exactly one line per epoch in the checkpoint: a kill between the checkpoint and the append,
    // or a restart without a checkpoint, must not leave missing or duplicated epochs.
    private static void TrimMetrics(string metricsPath, IReadOnlyList<string> checkpointPaths)
    {
        if (!File.Exists(metricsPath)) return;
        var done = checkpointPaths.Sum(p => File.Exists(p) ? Checkpoint.ReadEpochsDone(p) : 0);
        var lines = File.ReadAllLines(metricsPath).Where(l => l.Length > 0).Take(done).ToArray();
        ModelFolder.WriteAtomically(metricsPath, lines.Length == 0 ? "" : string.Join("\n", lines) + "\n");
    }
}
