namespace NasSharp.Training;

using NasSharp.Data;
using NasSharp.Networks;
using NasSharp.Runtime;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// Trains a child network from scratch (DARTS <c>cnn/train.py</c> loop): SGD with momentum and weight decay, cosine
/// learning rate stepped per epoch, gradient-norm clipping, drop-path scheduled linearly, auxiliary-head loss,
/// random crop / flip / cutout. One dispose scope per step keeps native memory flat. With a checkpoint path it saves
/// after every epoch and resumes from an existing checkpoint (written on either device). The network and every batch
/// are moved to <see cref="TrainingOptions.Device"/> (on CPU nothing is moved, so results are those of a CPU-only run).
/// </summary>
public sealed class Trainer
{
    private readonly TrainingOptions _options;
    private readonly IProgress<TrainingProgress>? _progress;
    private readonly TimeProvider _time;

    /// <summary>Creates a trainer.</summary>
    /// <param name="options">Hyper-parameters.</param>
    /// <param name="progress">Receives a report every <see cref="TrainingOptions.LogEvery"/> steps and per epoch.</param>
    /// <param name="time">Clock for throughput and ETA; default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">An option is out of range (<see cref="TrainingOptions.Validate"/>).</exception>
    public Trainer(TrainingOptions options, IProgress<TrainingProgress>? progress = null, TimeProvider? time = null)
    {
        options.Validate();
        _options = options;
        _progress = progress;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Raised after each epoch (after its checkpoint was written).</summary>
    public event Action<EpochMetrics>? EpochCompleted;

    /// <summary>Trains <paramref name="network"/> on <paramref name="train"/>, evaluating on <paramref name="test"/>
    /// after each epoch when given.</summary>
    /// <param name="network">Freshly built (or resumable) network.</param>
    /// <param name="train">Training images.</param>
    /// <param name="test">Held-out images, or null.</param>
    /// <param name="normalization">Per-channel normalisation (from the training set).</param>
    /// <param name="checkpointPath">Checkpoint file; resumed from when it exists. Null: no checkpoints.</param>
    /// <param name="cancellation">Stops after the current epoch's checkpoint.</param>
    public TrainingResult Train(ClassificationNetwork network, ImageDataset train, ImageDataset? test,
        Normalization normalization, string? checkpointPath = null, CancellationToken cancellation = default)
    {
        var o = _options;
        var device = Runtime.DeviceSelector.Resolve(o.Device);
        if (device.type != DeviceType.CPU) network.to(device); // before the optimizer takes the parameters
        var augmentation = new AugmentationOptions(o.CropPadding > 0, o.CropPadding, o.HorizontalFlip, o.Cutout);
        var loader = new BatchLoader(train, o.BatchSize, normalization, augmentation, shuffle: true, seed: o.Seed, device: device);
        var testLoader = test is null ? null : new BatchLoader(test, Math.Max(o.BatchSize, 256), normalization, null, shuffle: false, device: device);
        var parameters = network.parameters().ToArray();
        var clipping = network.ClippingGroups(parameters);
        using var optimizer = CreateOptimizer(network, parameters, o);

        var start = 0;
        if (checkpointPath is not null && File.Exists(checkpointPath)) start = Checkpoint.Load(checkpointPath, network, optimizer);
        using var gradients = GradientBuffers.Allocate(parameters); // before the first forward: see GradientBuffers
        string? lastCheckpoint = start > 0 ? checkpointPath : null;

        var history = new List<EpochMetrics>();
        var runStart = _time.GetTimestamp();
        var steps = loader.BatchesPerEpoch;
        for (var epoch = start; epoch < o.Epochs && !cancellation.IsCancellationRequested; epoch++)
        {
            var epochStart = _time.GetTimestamp();
            var lr = o.LearningRateAt(epoch);
            foreach (var g in optimizer.ParamGroups) g.LearningRate = lr;
            network.DropPathProbability = o.DropPathAt(epoch);
            network.train();
            double lossSum = 0;
            long correct = 0, seen = 0;
            var step = 0;
            var interrupted = false;
            foreach (var (x, y) in loader.Epoch(epoch))
            {
                if (cancellation.IsCancellationRequested)
                {
                    x.Dispose();
                    y.Dispose();
                    interrupted = true; // the partial epoch is dropped; the last checkpoint stays the resume point
                    break;
                }
                step++;
                using var scope = StepScope.Begin();
                scope.Attach(x);
                scope.Attach(y);
                var (logits, aux) = network.ForwardWithAux(x);
                var loss = nn.functional.cross_entropy(logits, y);
                var total = aux is null ? loss : loss.add(nn.functional.cross_entropy(aux, y).mul(o.AuxiliaryWeight));
                if (network.RegularizationLoss() is { } penalty) total = total.add(penalty);
                gradients.ZeroGrad(optimizer);
                total.backward();
                gradients.AfterBackward();
                // The norm is computed (and clipped) every step: a NaN/inf gradient must stop the run before step().
                var gradNorm = 0.0;
                foreach (var group in clipping)
                {
                    var norm = nn.utils.clip_grad_norm_(group, o.GradClip > 0 ? o.GradClip : double.PositiveInfinity);
                    gradNorm = Math.Sqrt(gradNorm * gradNorm + norm * norm);
                }
                var lossValue = loss.item<float>();
                var totalValue = total.item<float>();
                if (!double.IsFinite(lossValue) || !double.IsFinite(totalValue) || !double.IsFinite(gradNorm))
                    throw new NonFiniteLossException(epoch + 1, step, double.IsFinite(lossValue) ? (double.IsFinite(totalValue) ? gradNorm : totalValue) : lossValue, lastCheckpoint);
                optimizer.step();
                var n = y.shape[0];
                lossSum += lossValue * n;
                correct += logits.argmax(1).eq(y).sum().item<long>();
                seen += n;
                if (step % o.LogEvery == 0 || step == steps)
                    Report("train", epoch, step, steps, lossSum / seen, (double)correct / seen, seen, epochStart, runStart, start);
            }
            if (interrupted) break;
            EvaluationResult? eval = testLoader is null ? null : Evaluator.Evaluate(network, testLoader);
            if (checkpointPath is not null)
            {
                Checkpoint.Save(checkpointPath, network, optimizer, epoch + 1);
                lastCheckpoint = checkpointPath;
            }
            var metrics = new EpochMetrics(epoch + 1, lr, network.DropPathProbability, lossSum / Math.Max(1, seen),
                (double)correct / Math.Max(1, seen), eval?.Loss, eval?.Accuracy, _time.GetElapsedTime(epochStart).TotalSeconds);
            history.Add(metrics);
            _progress?.Report(new TrainingProgress("epoch", epoch + 1, o.Epochs, steps, steps, metrics.TrainLoss,
                metrics.TrainAccuracy, seen / Math.Max(1e-9, metrics.Seconds), Eta(epoch + 1, start, runStart), eval?.Accuracy));
            EpochCompleted?.Invoke(metrics);
        }
        var final = history.Count > 0 ? (history[^1].TestAccuracy is { } acc ? new EvaluationResult(history[^1].TestLoss!.Value, acc, test!.Count) : null)
            : testLoader is null ? null : Evaluator.Evaluate(network, testLoader);
        return new TrainingResult(history, final, start);
    }

    /// <summary>The optimiser <see cref="TrainingOptions.Optimizer"/> names over <paramref name="parameters"/>: SGD over
    /// all of them, or Adam with the weights of the <see cref="Ops.Binary.BinaryConv2d"/> layers in a group of their own
    /// without weight decay (1adrianb/binary-networks-pytorch trains binary weights with <c>weight_decay=0</c>).</summary>
    internal static optim.Optimizer CreateOptimizer(nn.Module network, TorchSharp.Modules.Parameter[] parameters, TrainingOptions o)
    {
        if (o.Optimizer == "sgd") return optim.SGD(parameters, o.LearningRate, momentum: o.Momentum, weight_decay: o.WeightDecay, nesterov: o.Nesterov);
        var binary = Ops.Binary.BinaryConv2d.Layers(network).Select(l => l.weight.Handle).ToHashSet();
        var binaryWeights = parameters.Where(p => binary.Contains(p.Handle)).ToArray();
        var rest = parameters.Where(p => !binary.Contains(p.Handle)).ToArray();
        var groups = new List<TorchSharp.Modules.Adam.ParamGroup>();
        if (binaryWeights.Length > 0) groups.Add(new TorchSharp.Modules.Adam.ParamGroup(binaryWeights, new TorchSharp.Modules.Adam.Options { LearningRate = o.LearningRate, weight_decay = 0 }));
        if (rest.Length > 0) groups.Add(new TorchSharp.Modules.Adam.ParamGroup(rest, new TorchSharp.Modules.Adam.Options { LearningRate = o.LearningRate, weight_decay = o.WeightDecay }));
        return optim.Adam(groups, o.LearningRate);
    }

    private void Report(string phase, int epoch, int step, int steps, double loss, double acc, long seen, long epochStart, long runStart, int startEpoch)
    {
        if (_progress is null) return;
        var elapsed = _time.GetElapsedTime(epochStart).TotalSeconds;
        var doneEpochs = epoch - startEpoch + (double)step / steps;
        var perEpoch = _time.GetElapsedTime(runStart).TotalSeconds / Math.Max(1e-9, doneEpochs);
        var remaining = TimeSpan.FromSeconds(perEpoch * (_options.Epochs - epoch - (double)step / steps));
        _progress.Report(new TrainingProgress(phase, epoch + 1, _options.Epochs, step, steps, loss, acc, seen / Math.Max(1e-9, elapsed), remaining));
    }

    private TimeSpan Eta(int epochsDone, int startEpoch, long runStart)
    {
        var perEpoch = _time.GetElapsedTime(runStart).TotalSeconds / Math.Max(1, epochsDone - startEpoch);
        return TimeSpan.FromSeconds(perEpoch * (_options.Epochs - epochsDone));
    }
}
