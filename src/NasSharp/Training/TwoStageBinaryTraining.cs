namespace NasSharp.Training;

using System.Text.Json;
using NasSharp.Cost;
using NasSharp.Data;
using NasSharp.Networks;
using NasSharp.Ops.Binary;

/// <summary>
/// BATS's two-stage training of a binary network (Bulat et al., ECCV 2020, §4; the step0/step1 recipes of
/// 1adrianb/binary-networks-pytorch <c>examples/recepies/xnor-net-plus.yaml</c>): stage 1 trains
/// <see cref="TrainingOptions.Epochs"/> epochs with binary activations and real weights; stage 2 switches weight
/// binarisation on in every <see cref="BinaryConv2d"/> (<see cref="BinaryConv2d.SetWeightBinarization"/>), evaluates
/// ("before fine-tuning"), then trains <c>stage2Epochs</c> more epochs from stage 1's weights with a fresh optimiser
/// (its own cosine schedule) and evaluates again. Each stage has its own checkpoint file (<see cref="Trainer"/>
/// resumes from it); a stage-2 checkpoint means stage 1 is done, and stage 1's evaluations are kept in
/// <c>&lt;stage-1 checkpoint&gt;.json</c> so a resumed run reports them without retraining or re-evaluating stage 1.
/// </summary>
public sealed class TwoStageBinaryTraining
{
    private readonly TrainingOptions _stage1;
    private readonly TrainingOptions _stage2;
    private readonly IProgress<TrainingProgress>? _progress;
    private readonly TimeProvider? _time;

    /// <summary>Creates the recipe.</summary>
    /// <param name="stage1">Stage 1's options (its <see cref="TrainingOptions.Epochs"/> are stage 1's epochs); stage 2
    /// uses the same options with <paramref name="stage2Epochs"/> epochs.</param>
    /// <param name="stage2Epochs">Stage-2 epochs; 0 = as many as stage 1.</param>
    /// <param name="progress">Progress of both stages, or null.</param>
    /// <param name="time">Clock; default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public TwoStageBinaryTraining(TrainingOptions stage1, int stage2Epochs = 0, IProgress<TrainingProgress>? progress = null, TimeProvider? time = null)
    {
        SettingCheck.Require(stage2Epochs >= 0, "Training option", "Stage2Epochs", "--stage2-epochs", "0 (as stage 1) or more", stage2Epochs);
        stage1.Validate();
        _stage1 = stage1;
        _stage2 = stage1 with { Epochs = stage2Epochs == 0 ? stage1.Epochs : stage2Epochs };
        _progress = progress;
        _time = time;
    }

    /// <summary>Stage-2 epochs.</summary>
    public int Stage2Epochs => _stage2.Epochs;

    /// <summary>Raised after each epoch of either stage (1 or 2), after its checkpoint was written.</summary>
    public event Action<int, EpochMetrics>? EpochCompleted;

    /// <summary>Trains <paramref name="network"/> (a binary network, e.g. <see cref="NetworkBuilder.Build"/> with
    /// <see cref="NetworkOptions.Binary"/>) in two stages; leaves it fully binary (weight binarisation on).</summary>
    /// <param name="network">The binary network; its weights are those of stage 1's start (or any checkpoint's).</param>
    /// <param name="train">Training images.</param>
    /// <param name="evaluation">The set evaluated after each epoch and at the three points (test set for <c>nas train</c>,
    /// validation set for a search trial).</param>
    /// <param name="normalization">Per-channel normalisation.</param>
    /// <param name="stage1Checkpoint">Stage 1's checkpoint file.</param>
    /// <param name="stage2Checkpoint">Stage 2's checkpoint file.</param>
    /// <param name="test">A separate test set also evaluated at the three points, or null.</param>
    /// <param name="cancellation">Stops after the current epoch's checkpoint; then <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentException">The network has no <see cref="BinaryConv2d"/>.</exception>
    /// <exception cref="OperationCanceledException">Stopped before both stages finished (rerun to resume).</exception>
    public TwoStageResult Train(ClassificationNetwork network, ImageDataset train, ImageDataset evaluation, Normalization normalization,
        string stage1Checkpoint, string stage2Checkpoint, ImageDataset? test = null, CancellationToken cancellation = default)
    {
        var layers = BinaryConv2d.SetWeightBinarization(network, false);
        if (layers == 0) throw new ArgumentException("Two-stage binary training needs a binary network (NetworkOptions.Binary / --binary): this one has no BinaryConv2d.", nameof(network));
        var summaryPath = stage1Checkpoint + ".json";
        TrainingResult? stage1 = null;
        Stage1Summary summary;
        if (File.Exists(stage2Checkpoint))
        {
            summary = ReadSummary(summaryPath, stage2Checkpoint);
        }
        else
        {
            var trainer1 = new Trainer(_stage1, _progress, _time);
            trainer1.EpochCompleted += m => EpochCompleted?.Invoke(1, m);
            stage1 = trainer1.Train(network, train, evaluation, normalization, stage1Checkpoint, cancellation);
            if (stage1.ResumedFromEpoch + stage1.History.Count < _stage1.Epochs) throw Stopped(1);
            var s1 = stage1.Final ?? Evaluate(network, evaluation, normalization);
            var s1Test = test is null ? null : Evaluate(network, test, normalization);
            BinaryConv2d.SetWeightBinarization(network, true);
            var before = Evaluate(network, evaluation, normalization);
            var beforeTest = test is null ? null : Evaluate(network, test, normalization);
            summary = new Stage1Summary(s1, before, s1Test, beforeTest);
            ModelFolder.WriteAtomically(summaryPath, JsonSerializer.Serialize(summary, ModelFolder.Json));
        }
        cancellation.ThrowIfCancellationRequested();
        BinaryConv2d.SetWeightBinarization(network, true);
        var trainer2 = new Trainer(_stage2, _progress, _time); // a fresh optimiser and schedule
        trainer2.EpochCompleted += m => EpochCompleted?.Invoke(2, m);
        var stage2 = trainer2.Train(network, train, evaluation, normalization, stage2Checkpoint, cancellation);
        if (stage2.ResumedFromEpoch + stage2.History.Count < _stage2.Epochs) throw Stopped(2);
        var final = stage2.Final ?? Evaluate(network, evaluation, normalization);
        var finalTest = test is null ? null : Evaluate(network, test, normalization);
        var cost = CostCounter.Measure(network, train.Channels, train.Height, train.Width);
        return new TwoStageResult(summary.Stage1, summary.Stage2BeforeFineTuning, final, summary.Stage1Test, summary.Stage2BeforeFineTuningTest,
            finalTest, stage1, stage2, cost);
    }

    private static EvaluationResult Evaluate(ClassificationNetwork network, ImageDataset data, Normalization normalization) =>
        Evaluator.Evaluate(network, new BatchLoader(data, 256, normalization, null, shuffle: false, device: network.parameters().First().device));

    private static OperationCanceledException Stopped(int stage) =>
        new($"Two-stage binary training was stopped in stage {stage}; run it again to resume from that stage's checkpoint.");

    private static Stage1Summary ReadSummary(string path, string stage2Checkpoint)
    {
        if (!File.Exists(path))
            throw new InvalidDataException($"'{stage2Checkpoint}' exists (stage 2 started) but stage 1's results '{path}' are missing; delete the stage-2 checkpoint to redo stage 2 from stage 1's checkpoint.");
        try
        {
            return JsonSerializer.Deserialize<Stage1Summary>(File.ReadAllText(path), ModelFolder.Json) ?? throw new InvalidDataException($"'{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' (stage 1's results) is damaged: {e.Message}", e);
        }
    }

    /// <summary>Stage 1's evaluations, kept beside its checkpoint.</summary>
    internal sealed record Stage1Summary(EvaluationResult Stage1, EvaluationResult Stage2BeforeFineTuning,
        EvaluationResult? Stage1Test, EvaluationResult? Stage2BeforeFineTuningTest);
}
