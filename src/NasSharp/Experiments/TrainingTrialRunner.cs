namespace NasSharp.Experiments;

using NasSharp.Cost;
using NasSharp.Data;
using NasSharp.Networks;
using NasSharp.SearchSpaces;
using NasSharp.Training;
using static TorchSharp.torch;

/// <summary>
/// The usual trial: train the architecture briefly from scratch on the search-training split, score it on the held-out
/// validation split, and report test accuracy and cost. The dataset is loaded once per runner. Each trial trains with
/// its own checkpoint under <c>trialsFolder/&lt;key&gt;/</c>, so a trial interrupted by a crash resumes mid-way.
/// </summary>
public sealed class TrainingTrialRunner : ITrialRunner, IDisposable
{
    private readonly TrialBudget _budget;
    private readonly string _trialsFolder;
    private readonly IProgress<TrainingProgress>? _progress;
    private readonly TimeProvider _time;
    private readonly DatasetSplits _splits;
    private readonly ImageDataset _train;
    private readonly ImageDataset _valid;
    private readonly Normalization _normalization;

    /// <summary>Loads the data and prepares the fixed train/validation split (seeded by <paramref name="splitSeed"/>).</summary>
    public TrainingTrialRunner(TrialBudget budget, string trialsFolder, int splitSeed,
        IProgress<TrainingProgress>? progress = null, TimeProvider? time = null)
    {
        _budget = budget;
        _trialsFolder = trialsFolder;
        _progress = progress;
        _time = time ?? TimeProvider.System;
        _splits = DatasetCatalog.Load(budget.Data, budget.DataDir);
        var (train, valid) = DataSplit.TrainValid(_splits.Train, budget.ValidFraction, splitSeed);
        if (budget.TrainLimit > 0 && budget.TrainLimit < train.Count)
        {
            _train = train.Subset(Enumerable.Range(0, budget.TrainLimit).Select(i => (long)i).ToArray());
            train.Dispose();
        }
        else
        {
            _train = train;
        }
        _valid = valid;
        _normalization = Normalization.FromDataset(_train);
    }

    /// <inheritdoc />
    public TrialOutcome Run(TrialSpec spec, CancellationToken cancellation)
    {
        var start = _time.GetTimestamp();
        var budget = spec.Budget ?? _budget;
        manual_seed(spec.Seed);
        using var network = NetworkBuilder.Build(spec.Architecture, new NetworkOptions(
            _train.Channels, _train.Height, _train.Classes.Count, budget.Channels, budget.Layers, budget.Auxiliary && spec.Architecture is CellGenotype, budget.Dropout));
        var cost = CostCounter.Measure(network, _train.Channels, _train.Height, _train.Width);
        var options = budget.ToTrainingOptions(spec.Seed);
        var folder = Path.Combine(_trialsFolder, spec.Key);
        Directory.CreateDirectory(folder);
        var result = new Trainer(options, _progress, _time).Train(network, _train, _valid, _normalization,
            Path.Combine(folder, ModelFolder.CheckpointFile), cancellation);
        if (result.ResumedFromEpoch + result.History.Count < budget.Epochs) throw new OperationCanceledException(cancellation);
        var valid = result.Final ?? Evaluator.Evaluate(network, new BatchLoader(_valid, 256, _normalization, null, shuffle: false));
        var test = Evaluator.Evaluate(network, new BatchLoader(_splits.Test, 256, _normalization, null, shuffle: false));
        var metrics = new Dictionary<string, double>();
        if (result.History.Count > 0)
        {
            metrics["train_loss"] = result.History[^1].TrainLoss;
            metrics["train_accuracy"] = result.History[^1].TrainAccuracy;
        }
        metrics["valid_loss"] = valid.Loss;
        metrics["test_loss"] = test.Loss;
        return new TrialOutcome(true, null, valid.Accuracy, test.Accuracy, cost.Parameters, cost.Macs, null,
            _time.GetElapsedTime(start).TotalSeconds, metrics);
    }

    /// <summary>Frees the cached data.</summary>
    public void Dispose()
    {
        _train.Dispose();
        _valid.Dispose();
        _splits.Dispose();
    }
}
