namespace NasSharp.Strategies.Enas;

using System.Globalization;
using System.Text;
using System.Text.Json;
using NasSharp.Cost;
using NasSharp.Data;
using NasSharp.Experiments;
using NasSharp.Networks;
using NasSharp.SearchSpaces;
using NasSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// ENAS (Pham, Guan, Zoph, Le, Dean; ICML 2018): the shared model ω and the controller are trained in alternation,
/// one epoch of ω (a fresh architecture sampled for every minibatch; SGD with Nesterov momentum, cosine with warm
/// restarts, L2, gradient clipping), then controller updates by REINFORCE (reward = accuracy of the sampled child on
/// one validation minibatch + an entropy bonus, moving-average baseline, Adam). At the end, <see cref="EnasOptions.DeriveSamples"/>
/// architectures are sampled and scored on a validation minibatch each (stored as trials); the best is retrained
/// from scratch when <see cref="EnasOptions.RetrainEpochs"/> is set. The experiment is checkpointed after every epoch
/// (counters, baseline, both models and both optimisers, in the store's transaction).
/// </summary>
public sealed class EnasSearch : ISearchStrategy
{
    private const string StateMagic = "NASSHARP-ENAS-1";
    private readonly EnasOptions _options;
    private readonly string _space;
    private State _state = new(0, 0, 0);
    private byte[]? _pendingWeights;
    private WeightSharingNetwork? _shared;
    private EnasController? _controller;
    private optim.Optimizer? _sharedOptimizer;
    private optim.Optimizer? _controllerOptimizer;

    /// <summary>Creates the strategy for <paramref name="space"/> (<c>enas-micro</c> or <c>enas-macro</c>).</summary>
    public EnasSearch(EnasOptions options, string space)
    {
        _ = EnasOptions.ForSpace(space); // validates the space name
        options.Validate();
        _options = options;
        _space = space.ToLowerInvariant();
    }

    /// <inheritdoc />
    public string Name => "enas";

    /// <summary>Epochs finished so far.</summary>
    public int EpochsDone => _state.Epoch;

    /// <summary>The controller's moving-average baseline.</summary>
    public double Baseline => _state.Baseline;

    /// <inheritdoc />
    public async Task RunAsync(SearchContext context, CancellationToken cancellation)
    {
        var o = _options;
        var budget = context.Budget;
        var data = context.Data;
        var trainSet = data.Train;
        var validSet = data.Valid;
        var norm = data.Normalization;
        var netOptions = data.NetworkOptions(o.Channels, o.Layers);
        Build(context, netOptions);
        try
        {
            var trainLoader = new BatchLoader(trainSet, o.BatchSize, norm, new AugmentationOptions(true, 4, true, 0), shuffle: true,
                seed: StableSeed.Derive(context.Seed, "enas/batches"), dropLast: true);
            var validLoader = new BatchLoader(validSet, o.BatchSize, norm, null, shuffle: true, seed: StableSeed.Derive(context.Seed, "enas/reward"));
            if (trainLoader.BatchesPerEpoch == 0)
                throw new InvalidOperationException($"ENAS: the search-training split of '{budget.Data}' has {trainSet.Count} images, fewer than one batch of {o.BatchSize}; lower the ENAS batch size or use more data.");
            if (validLoader.BatchesPerEpoch == 0)
                throw new InvalidOperationException($"ENAS: the validation split of '{budget.Data}' is empty; raise --valid-fraction (now {budget.ValidFraction}).");
            for (var epoch = _state.Epoch; epoch < o.Epochs; epoch++)
            {
                cancellation.ThrowIfCancellationRequested();
                var start = context.Time.GetTimestamp();
                var (loss, accuracy) = TrainShared(context, trainLoader, epoch, cancellation);
                var controller = TrainController(context, validLoader, epoch, cancellation);
                _state = _state with { Epoch = epoch + 1 };
                var step = epoch + 1;
                context.ReportMetric(step, "shared_train_loss", loss);
                context.ReportMetric(step, "shared_train_accuracy", accuracy);
                context.ReportMetric(step, "shared_lr", o.LearningRateAt(epoch));
                context.ReportMetric(step, "reward", controller.Reward);
                context.ReportMetric(step, "reward_valid_accuracy", controller.Accuracy);
                context.ReportMetric(step, "entropy", controller.Entropy);
                context.ReportMetric(step, "baseline", _state.Baseline);
                foreach (var (group, probs) in controller.OpProbabilities)
                    for (var i = 0; i < probs.Length; i++)
                        context.ReportMetric(step, $"{Export.HtmlReport.WeightPrefix}{group}/{_controller!.Ops[i]}", probs[i]);
                context.Checkpoint(step);
                var seconds = context.Time.GetElapsedTime(start).TotalSeconds;
                context.Report(new SearchProgress("epoch", step, o.Epochs, string.Create(CultureInfo.InvariantCulture,
                    $"epoch {step}/{o.Epochs}: shared loss {loss:F3} acc {100 * accuracy:F1}% | controller reward {controller.Reward:F4} " +
                    $"(valid acc {100 * controller.Accuracy:F1}%) entropy {controller.Entropy:F2} baseline {_state.Baseline:F4} | {seconds:F0} s, " +
                    $"~{TimeSpan.FromSeconds(seconds * (o.Epochs - step)):hh\\:mm\\:ss} left"), null));
            }
            var best = Derive(context, validLoader, netOptions);
            if (o.RetrainEpochs > 0 && best is not null)
            {
                context.Report(new SearchProgress("retrain", o.Epochs, o.Epochs, $"retraining {best.Key} from scratch for {o.RetrainEpochs} epochs", best.ValidAccuracy));
                var architecture = ArchitectureJson.Deserialize(best.ArchitectureJson);
                context.Submit("retrain", architecture, budget with { Epochs = o.RetrainEpochs });
                var retrained = await context.NextResultAsync(cancellation).ConfigureAwait(false);
                context.Report(new SearchProgress("retrain", o.Epochs, o.Epochs, retrained.Status == TrialStatus.Succeeded
                    ? string.Create(CultureInfo.InvariantCulture, $"retrained: valid {100 * retrained.ValidAccuracy:F2}% test {100 * retrained.TestAccuracy:F2}%")
                    : $"retraining FAILED: {retrained.FailureReason}", retrained.ValidAccuracy));
                if (retrained.Status == TrialStatus.Succeeded) context.DeclareFinal(retrained.Key);
                else context.DeclareFinal(best.Key);
            }
            else if (best is not null)
            {
                context.DeclareFinal(best.Key);
            }
        }
        finally
        {
            DisposeModels();
        }
    }

    /// <inheritdoc />
    public byte[] SaveState()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(StateMagic);
            w.Write(JsonSerializer.Serialize(_state));
            w.Write(_shared is not null);
            if (_shared is not null)
            {
                _shared.save(w);
                ((TorchSharp.Modules.OptimizerHelper)_sharedOptimizer!).save_state_dict(w);
                _controller!.save(w);
                ((TorchSharp.Modules.OptimizerHelper)_controllerOptimizer!).save_state_dict(w);
                // torch's generator drives dropout (macro) and weight init: restore it so a resumed run matches.
                using var rng = get_rng_state();
                var bytes = rng.data<byte>().ToArray();
                w.Write(bytes.Length);
                w.Write(bytes);
            }
        }
        return ms.ToArray();
    }

    /// <inheritdoc />
    public void LoadState(byte[] state)
    {
        using var r = new BinaryReader(new MemoryStream(state), Encoding.UTF8);
        if (r.ReadString() != StateMagic) throw new InvalidDataException($"The saved ENAS state is not in format '{StateMagic}'.");
        _state = JsonSerializer.Deserialize<State>(r.ReadString()) ?? throw new InvalidDataException("Empty ENAS state.");
        _pendingWeights = r.ReadBoolean() ? state : null;
    }

    private void Build(SearchContext context, NetworkOptions netOptions)
    {
        var o = _options;
        manual_seed(StableSeed.Derive(context.Seed, "enas/init"));
        if (_space == "enas-macro")
        {
            var space = new EnasMacroSearchSpace(o.Layers);
            _shared = new EnasMacroSupernet(netOptions, space);
            _controller = new EnasMacroController(space, o.LstmSize, o.TanhConstant, o.SkipTarget, o.Temperature);
        }
        else
        {
            var space = new EnasMicroSearchSpace(o.Nodes);
            _shared = new EnasMicroSupernet(netOptions, space);
            _controller = new EnasMicroController(space, o.LstmSize, o.TanhConstant, o.OpTanhReduce, o.Temperature);
        }
        // The reference adds l2·Σw² to the loss (utils.get_train_ops), whose gradient is 2·l2·w.
        _sharedOptimizer = optim.SGD(_shared.parameters(), o.LearningRateMax, momentum: 0.9, weight_decay: 2 * o.L2, nesterov: true);
        _controllerOptimizer = optim.Adam(_controller.parameters(), o.ControllerLearningRate);
        if (_pendingWeights is null) return;
        using var r = new BinaryReader(new MemoryStream(_pendingWeights), Encoding.UTF8);
        r.ReadString();
        r.ReadString();
        r.ReadBoolean();
        _shared.load(r);
        ((TorchSharp.Modules.OptimizerHelper)_sharedOptimizer).load_state_dict(r);
        _controller.load(r);
        ((TorchSharp.Modules.OptimizerHelper)_controllerOptimizer).load_state_dict(r);
        using (var rng = tensor(r.ReadBytes(r.ReadInt32()), dtype: ScalarType.Byte)) set_rng_state(rng);
        _pendingWeights = null;
    }

    private (double Loss, double Accuracy) TrainShared(SearchContext context, BatchLoader loader, int epoch, CancellationToken cancellation)
    {
        var o = _options;
        var shared = _shared!;
        var parameters = shared.parameters().ToArray();
        foreach (var g in _sharedOptimizer!.ParamGroups) g.LearningRate = o.LearningRateAt(epoch);
        shared.train();
        _controller!.eval();
        var steps = o.StepsPerEpoch > 0 ? o.StepsPerEpoch : loader.BatchesPerEpoch;
        double lossSum = 0;
        long correct = 0, seen = 0;
        var step = 0;
        var start = context.Time.GetTimestamp();
        // Several passes when StepsPerEpoch exceeds one pass; each pass reshuffles.
        for (var pass = 0; step < steps && !cancellation.IsCancellationRequested; pass++)
            foreach (var (x, y) in loader.Epoch(epoch * 1000 + pass))
            {
                using var scope = NewDisposeScope();
                scope.Attach(x);
                scope.Attach(y);
                if (step >= steps || cancellation.IsCancellationRequested) break;
                step++;
                Architecture architecture;
                using (no_grad())
                using (var sample = _controller.Sample(context.CreateRandom($"enas/child/{epoch}/{step}")))
                    architecture = sample.Architecture;
                var logits = shared.call(x, architecture);
                var loss = nn.functional.cross_entropy(logits, y);
                shared.zero_grad(); // gradients of ops this child did not use stay unset: SGD leaves them untouched
                loss.backward();
                var norm = nn.utils.clip_grad_norm_(parameters.Where(p => p.grad is not null).ToArray(), o.GradClip);
                var value = loss.item<float>();
                if (!double.IsFinite(value) || !double.IsFinite(norm))
                    throw new NonFiniteLossException(epoch + 1, step, double.IsFinite(value) ? norm : value, null);
                _sharedOptimizer.step();
                var n = y.shape[0];
                lossSum += value * n;
                correct += logits.argmax(1).eq(y).sum().item<long>();
                seen += n;
                if (step % 20 == 0 || step == steps)
                {
                    var elapsed = context.Time.GetElapsedTime(start).TotalSeconds;
                    context.Report(new SearchProgress("shared", epoch, o.Epochs, string.Create(CultureInfo.InvariantCulture,
                        $"  epoch {epoch + 1}/{o.Epochs} shared step {step}/{steps} loss {lossSum / seen:F3} acc {100.0 * correct / seen:F1}% " +
                        $"{seen / Math.Max(1e-9, elapsed):F0} img/s"), null));
                }
            }
        cancellation.ThrowIfCancellationRequested();
        return (lossSum / Math.Max(1, seen), (double)correct / Math.Max(1, seen));
    }

    private ControllerEpoch TrainController(SearchContext context, BatchLoader validLoader, int epoch, CancellationToken cancellation)
    {
        var o = _options;
        var controller = _controller!;
        var shared = _shared!;
        controller.train();
        SetRewardMode(shared);
        using var batches = Cycle(validLoader, epoch).GetEnumerator();
        double rewardSum = 0, accSum = 0, entropySum = 0;
        var count = 0;
        var groups = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (var step = 0; step < o.ControllerSteps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            _controllerOptimizer!.zero_grad();
            for (var k = 0; k < o.ControllerAggregate; k++)
            {
                using var scope = NewDisposeScope();
                batches.MoveNext();
                var (x, y) = batches.Current;
                scope.Attach(x);
                scope.Attach(y);
                using var sample = controller.Sample(context.CreateRandom($"enas/controller/{epoch}/{step}/{k}"));
                double accuracy;
                using (no_grad())
                    accuracy = shared.call(x, sample.Architecture).argmax(1).eq(y).to_type(ScalarType.Float32).mean().item<float>();
                var reward = accuracy + o.EntropyWeight * sample.Entropy;
                var baseline = _state.Baseline - (1 - o.BaselineDecay) * (_state.Baseline - reward);
                _state = _state with { Baseline = baseline, ControllerStep = _state.ControllerStep + 1 };
                var loss = -sample.LogProbability * (reward - baseline);
                if (sample.SkipPenalty is not null) loss = loss + o.SkipWeight * sample.SkipPenalty;
                (loss / o.ControllerAggregate).backward();
                rewardSum += reward;
                accSum += accuracy;
                entropySum += sample.Entropy;
                count++;
                foreach (var (group, probs) in sample.OpProbabilities)
                {
                    if (!groups.TryGetValue(group, out var sum)) groups[group] = sum = new double[probs.Length];
                    for (var i = 0; i < probs.Length; i++) sum[i] += probs[i];
                }
            }
            _controllerOptimizer.step();
        }
        var n = Math.Max(1, count);
        return new ControllerEpoch(rewardSum / n, accSum / n, entropySum / n,
            groups.ToDictionary(g => g.Key, g => g.Value.Select(v => v / n).ToArray(), StringComparer.Ordinal));
    }

    private TrialRecord? Derive(SearchContext context, BatchLoader validLoader, NetworkOptions netOptions)
    {
        var controller = _controller!;
        var shared = _shared!;
        controller.eval();
        SetRewardMode(shared);
        using var batches = Cycle(validLoader, 1_000_000).GetEnumerator();
        TrialRecord? best = null;
        for (var k = 0; k < _options.DeriveSamples; k++)
        {
            batches.MoveNext();
            var (x, y) = batches.Current;
            using var xs = x;
            using var ys = y;
            Architecture architecture;
            using (no_grad())
            using (var sample = controller.Sample(context.CreateRandom($"enas/derive/{k}")))
                architecture = sample.Architecture;
            var record = context.Record($"derive-{k}", architecture, () =>
            {
                var start = context.Time.GetTimestamp();
                double accuracy;
                using (no_grad())
                using (var scope = NewDisposeScope())
                    accuracy = shared.call(xs, architecture).argmax(1).eq(ys).to_type(ScalarType.Float32).mean().item<float>();
                var cost = MeasureChild(architecture, netOptions with { Channels = context.Budget.Channels, Layers = context.Budget.Layers });
                return new TrialOutcome(true, null, accuracy, null, cost.Parameters, cost.Macs, null,
                    context.Time.GetElapsedTime(start).TotalSeconds, new Dictionary<string, double> { ["shared_weights_valid_accuracy"] = accuracy });
            });
            context.Report(new SearchProgress("derive", k + 1, _options.DeriveSamples, string.Create(CultureInfo.InvariantCulture,
                $"derive {k + 1}/{_options.DeriveSamples}: valid minibatch accuracy with shared weights {100 * record.ValidAccuracy:F2}%"), record.ValidAccuracy));
            if (record is { Status: TrialStatus.Succeeded, ValidAccuracy: { } acc } && (best is null || acc > best.ValidAccuracy)) best = record;
        }
        return best;
    }

    // How the reference scores a sampled child: micro_child.py build_valid_rl runs the shared model with
    // is_training=True (batch statistics: running averages mean little when every batch runs another architecture),
    // general_child.py (macro) with is_training=False.
    private void SetRewardMode(WeightSharingNetwork shared)
    {
        if (_space == "enas-micro") shared.train();
        else shared.eval();
    }

    private static ModelCost MeasureChild(Architecture architecture, NetworkOptions options)
    {
        using var network = NetworkBuilder.Build(architecture, options);
        return CostCounter.Measure(network, options.InputChannels, options.ImageSize);
    }

    private static IEnumerable<(Tensor X, Tensor Y)> Cycle(BatchLoader loader, int epoch)
    {
        for (var pass = 0; ; pass++)
            foreach (var batch in loader.Epoch(epoch * 1000 + pass))
                yield return batch;
    }

    private void DisposeModels()
    {
        _sharedOptimizer?.Dispose();
        _controllerOptimizer?.Dispose();
        _shared?.Dispose();
        _controller?.Dispose();
        (_shared, _controller, _sharedOptimizer, _controllerOptimizer) = (null, null, null, null);
    }

    private sealed record State(int Epoch, double Baseline, long ControllerStep);

    private sealed record ControllerEpoch(double Reward, double Accuracy, double Entropy, IReadOnlyDictionary<string, double[]> OpProbabilities);
}
