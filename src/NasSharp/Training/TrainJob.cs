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
        var architecture = ArchitectureParser.Parse(config.Architecture);
        Directory.CreateDirectory(outDir);
        var configPath = Path.Combine(outDir, ModelFolder.ConfigFile);
        if (File.Exists(configPath) && ModelFolder.ReadConfig(outDir) != config && File.Exists(Path.Combine(outDir, ModelFolder.CheckpointFile)))
            throw new InvalidOperationException($"'{outDir}' holds a run with a different configuration; choose another --out folder.");
        ModelFolder.WriteAtomically(configPath, JsonSerializer.Serialize(config, ModelFolder.Json));
        ModelFolder.WriteAtomically(Path.Combine(outDir, ModelFolder.ArchitectureFile), ArchitectureJson.Serialize(architecture));

        using var splits = DatasetCatalog.Load(config.Data, config.DataDir);
        using var train = TakeTrain(splits.Train, config.TrainLimit);
        var normalization = Normalization.FromDataset(train);
        manual_seed(config.Training.Seed);
        using var network = Build(architecture, config, train);
        var cost = CostCounter.Measure(network, train.Channels, train.Height);

        var trainer = new Trainer(config.Training, progress, time);
        var metricsPath = Path.Combine(outDir, ModelFolder.MetricsFile);
        trainer.EpochCompleted += m => File.AppendAllText(metricsPath, JsonSerializer.Serialize(m, JsonCompact) + "\n");
        var result = trainer.Train(network, train, splits.Test, normalization, Path.Combine(outDir, ModelFolder.CheckpointFile), cancellation);

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
        using var splits = DatasetCatalog.Load(data ?? config.Data, dataDir ?? config.DataDir);
        using var train = TakeTrain(splits.Train, config.TrainLimit);
        var normalization = Normalization.FromDataset(train);
        using var network = Build(architecture, config, train);
        network.load(weights);
        return Evaluator.Evaluate(network, new BatchLoader(splits.Test, 256, normalization, null, shuffle: false));
    }

    private static readonly JsonSerializerOptions JsonCompact = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static ClassificationNetwork Build(Architecture architecture, TrainJobConfig config, ImageDataset train) =>
        NetworkBuilder.Build(architecture, new NetworkOptions(train.Channels, train.Height, train.Classes.Count,
            config.Channels, config.Layers, config.Auxiliary));

    private static ImageDataset TakeTrain(ImageDataset train, int limit) =>
        limit > 0 && limit < train.Count ? train.Subset(Enumerable.Range(0, limit).Select(i => (long)i).ToArray()) : train.Subset(Enumerable.Range(0, (int)train.Count).Select(i => (long)i).ToArray());
}
