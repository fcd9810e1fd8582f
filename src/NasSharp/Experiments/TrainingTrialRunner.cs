namespace NasSharp.Experiments;

using NasSharp.Cost;
using NasSharp.Data;
using NasSharp.Networks;
using NasSharp.SearchSpaces;
using NasSharp.Training;
using static TorchSharp.torch;

/// <summary>
/// The usual trial: train the architecture briefly from scratch on the search-training split, score it on the held-out
/// validation split, and report test accuracy and cost. The data comes from the search's <see cref="SearchData"/>. Each trial trains with
/// its own checkpoint under <c>trialsFolder/&lt;key&gt;/</c>, so a trial interrupted by a crash resumes mid-way. The
/// trained weights are saved as <c>trialsFolder/&lt;key&gt;/model.bin</c> and returned as the outcome's artefact (path
/// relative to the experiment folder, the parent of <c>trialsFolder</c>; SHA-256).
/// </summary>
public sealed class TrainingTrialRunner : ITrialRunner
{
    private readonly TrialBudget _budget;
    private readonly string _trialsFolder;
    private readonly IProgress<TrainingProgress>? _progress;
    private readonly TimeProvider _time;
    private readonly SearchData _data;
    private readonly ImageDataset _train;
    private readonly ImageDataset _valid;
    private readonly Normalization _normalization;

    /// <summary>A runner over <paramref name="data"/> (the search's data service; the caller owns and disposes it).</summary>
    public TrainingTrialRunner(TrialBudget budget, string trialsFolder, SearchData data,
        IProgress<TrainingProgress>? progress = null, TimeProvider? time = null)
    {
        _budget = budget;
        _trialsFolder = trialsFolder;
        _progress = progress;
        _time = time ?? TimeProvider.System;
        _data = data ?? throw new ArgumentNullException(nameof(data));
        _train = data.Train;
        _valid = data.Valid;
        _normalization = data.Normalization;
    }

    /// <inheritdoc />
    public TrialOutcome Run(TrialSpec spec, CancellationToken cancellation)
    {
        var start = _time.GetTimestamp();
        var budget = spec.Budget ?? _budget;
        if (budget.Binary) return RunBinary(spec, budget, start, cancellation);
        manual_seed(spec.Seed);
        using var network = NetworkBuilder.Build(spec.Architecture, NetworkOptionsFor(spec.Architecture, budget));
        return Train(spec, budget, network, null, null, start, cancellation);
    }

    /// <summary>The folder of the trials' own folders (<c>trials/</c>).</summary>
    public string TrialsFolder => _trialsFolder;

    /// <summary>The network options of <paramref name="architecture"/> under <paramref name="budget"/> on this data.</summary>
    public NetworkOptions NetworkOptionsFor(Architecture architecture, TrialBudget budget) => new(
        _train.Channels, _train.Height, _train.Classes.Count, budget.Channels, budget.Layers,
        budget.Auxiliary && architecture is CellGenotype or PetridishGenotype, budget.Dropout);

    /// <summary>Trains a network built (and possibly initialised) by the caller as a trial: checkpoints in the trial's
    /// folder, validation and test accuracy, weights saved as its artefact.</summary>
    /// <param name="spec">The trial.</param>
    /// <param name="budget">Its budget.</param>
    /// <param name="network">The network (the caller disposes it).</param>
    /// <param name="cost">Its cost; null: measured on <paramref name="network"/> before training.</param>
    /// <param name="finish">Adds metrics after training (null: none).</param>
    /// <param name="start">Timestamp of the trial's start (<see cref="TimeProvider.GetTimestamp"/>).</param>
    /// <param name="cancellation">Stops after the current epoch's checkpoint (then throws <see cref="OperationCanceledException"/>).</param>
    public TrialOutcome Train(TrialSpec spec, TrialBudget budget, ClassificationNetwork network, ModelCost? cost,
        Action<ClassificationNetwork, Dictionary<string, double>>? finish, long start, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(network);
        cost ??= CostCounter.Measure(network, _train.Channels, _train.Height, _train.Width);
        var options = budget.ToTrainingOptions(spec.Seed);
        var folder = Path.Combine(_trialsFolder, spec.Key);
        Directory.CreateDirectory(folder);
        var result = new Trainer(options, _progress, _time).Train(network, _train, _valid, _normalization,
            Path.Combine(folder, ModelFolder.CheckpointFile), cancellation);
        if (result.ResumedFromEpoch + result.History.Count < budget.Epochs) throw new OperationCanceledException(cancellation);
        var valid = result.Final ?? Evaluator.Evaluate(network, new BatchLoader(_valid, 256, _normalization, null, shuffle: false));
        var test = Evaluator.Evaluate(network, new BatchLoader(_data.Test, 256, _normalization, null, shuffle: false));
        var metrics = new Dictionary<string, double>();
        if (result.History.Count > 0)
        {
            metrics["train_loss"] = result.History[^1].TrainLoss;
            metrics["train_accuracy"] = result.History[^1].TrainAccuracy;
        }
        metrics["valid_loss"] = valid.Loss;
        metrics["test_loss"] = test.Loss;
        finish?.Invoke(network, metrics);
        var artefact = SaveWeights(network, Path.Combine(folder, ModelFolder.WeightsFile));
        return new TrialOutcome(true, null, valid.Accuracy, test.Accuracy, cost.Parameters, cost.Macs,
            metrics.TryGetValue(LatencyMetric, out var latency) ? latency : null, _time.GetElapsedTime(start).TotalSeconds, metrics, artefact);
    }

    /// <summary>The metric a <c>finish</c> callback of <see cref="Train"/> sets to report the trial's latency per image (ms).</summary>
    public const string LatencyMetric = "latency_ms";

    /// <summary>The image shape of the data: channels, height, width.</summary>
    public (int Channels, int Height, int Width) ImageShape => (_train.Channels, _train.Height, _train.Width);

    // A binary trial: BATS's two-stage training (checkpoint-stage1.bin, checkpoint-stage2.bin in the trial folder); the
    // trial's accuracies, cost and saved weights are the fully binary network's, stage 1's and the pre-fine-tuning ones
    // go into the metrics.
    private TrialOutcome RunBinary(TrialSpec spec, TrialBudget budget, long start, CancellationToken cancellation)
    {
        manual_seed(spec.Seed);
        using var network = NetworkBuilder.Build(spec.Architecture, new NetworkOptions(
            _train.Channels, _train.Height, _train.Classes.Count, budget.Channels, budget.Layers, budget.Auxiliary && spec.Architecture is CellGenotype,
            budget.Dropout, Binary: true, BinaryGroups: budget.BinaryGroups));
        var folder = Path.Combine(_trialsFolder, spec.Key);
        Directory.CreateDirectory(folder);
        var recipe = new TwoStageBinaryTraining(budget.ToTrainingOptions(spec.Seed), budget.Stage2Epochs, _progress, _time);
        var result = recipe.Train(network, _train, _valid, _normalization, Path.Combine(folder, ModelFolder.Stage1CheckpointFile),
            Path.Combine(folder, ModelFolder.Stage2CheckpointFile), _data.Test, cancellation);
        var metrics = new Dictionary<string, double>();
        if (result.Stage2Training.History.Count > 0)
        {
            metrics["train_loss"] = result.Stage2Training.History[^1].TrainLoss;
            metrics["train_accuracy"] = result.Stage2Training.History[^1].TrainAccuracy;
        }
        metrics["valid_loss"] = result.Stage2.Loss;
        metrics["test_loss"] = result.Stage2Test!.Loss;
        metrics["stage1_valid_accuracy"] = result.Stage1.Accuracy;
        metrics["stage1_test_accuracy"] = result.Stage1Test!.Accuracy;
        metrics["stage2_before_finetune_valid_accuracy"] = result.Stage2BeforeFineTuning.Accuracy;
        metrics["stage2_before_finetune_test_accuracy"] = result.Stage2BeforeFineTuningTest!.Accuracy;
        metrics["flops"] = result.Cost.Flops;
        metrics["bops"] = result.Cost.Bops;
        metrics["combined_flops"] = result.Cost.Combined;
        var artefact = SaveWeights(network, Path.Combine(folder, ModelFolder.WeightsFile));
        return new TrialOutcome(true, null, result.Stage2.Accuracy, result.Stage2Test.Accuracy, result.Cost.Parameters, result.Cost.Macs, null,
            _time.GetElapsedTime(start).TotalSeconds, metrics, artefact);
    }

    // Writes the weights under a temporary name and renames them into place, so model.bin is always whole.
    private TrialArtefact SaveWeights(TorchSharp.torch.nn.Module network, string path)
    {
        var temp = path + ".tmp";
        network.save(temp);
        File.Move(temp, path, overwrite: true);
        var experimentFolder = Path.GetDirectoryName(Path.GetFullPath(_trialsFolder))!;
        return new TrialArtefact(StateFiles.Relative(experimentFolder, Path.GetFullPath(path)), StoreEncoding.FileSha256(path));
    }
}
