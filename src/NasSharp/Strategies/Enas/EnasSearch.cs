namespace NasSharp.Strategies.Enas;

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasSharp.Cost;
using NasSharp.Experiments;
using NasSharp.Networks;
using NasSharp.Runtime;
using NasSharp.SearchSpaces;
using NasSharp.Strategies.Supernet;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// ENAS (Pham, Guan, Zoph, Le, Dean; ICML 2018): the shared model ω and the controller are trained in alternation,
/// one epoch of ω (a fresh architecture sampled for every minibatch; SGD with Nesterov momentum, cosine with warm
/// restarts, L2, gradient clipping; micro: auxiliary head and dropout as <c>cifar10_micro_search.sh</c>), then
/// controller updates by REINFORCE (reward = accuracy of the sampled child on one validation minibatch + an entropy
/// bonus, moving-average baseline, Adam). At the end, <see cref="EnasOptions.DeriveSamples"/> architectures are sampled
/// and scored on a validation minibatch each (trials of kind <c>derive</c>); the best is retrained from scratch when
/// <see cref="EnasOptions.RetrainEpochs"/> is set. The loop, checkpoints and retraining are <see cref="SupernetSearch"/>'s.
/// </summary>
public sealed class EnasSearch : SupernetSearch
{
    // Before the supernet loop, the whole state (weights included) was one blob in the store in this format.
    private const string LegacyMagic = "NASSHARP-ENAS-1";
    private readonly EnasOptions _options;
    private readonly string _space;
    private EnasState _state = new(0, 0);
    private byte[]? _legacyWeights;
    private WeightSharingNetwork? _shared;
    private EnasController? _controller;
    private optim.Optimizer? _sharedOptimizer;
    private optim.Optimizer? _controllerOptimizer;
    private Training.GradientBuffers? _sharedGradients;

    /// <summary>Creates the strategy for <paramref name="space"/> (<c>enas-micro</c>, <c>enas-macro</c> or <c>nb201</c>).</summary>
    public EnasSearch(EnasOptions options, string space) : base("enas")
    {
        _ = EnasOptions.ForSpace(space); // validates the space name
        options.Validate();
        _options = options;
        _space = space.ToLowerInvariant();
    }

    /// <summary>The controller's moving-average baseline.</summary>
    public double Baseline => _state.Baseline;

    /// <inheritdoc />
    // The stream ENAS always drew its reward minibatches from (kept so older folders resume with the same batches).
    protected override string ValidStream => "reward";

    /// <inheritdoc />
    protected override SupernetSchedule Schedule => new(_options.Epochs, _options.BatchSize, _options.RetrainEpochs);

    /// <inheritdoc />
    protected override IReadOnlyList<nn.Module> Modules => [_shared!, _controller!];

    /// <inheritdoc />
    protected override IReadOnlyList<optim.Optimizer> Optimizers => [_sharedOptimizer!, _controllerOptimizer!];

    /// <inheritdoc />
    protected override void Build(SearchContext context, SearchData data)
    {
        var o = _options;
        if (_space == "nb201")
        {
            _shared = new Nb201Supernet(data.NetworkOptions(o.Channels, o.Layers));
            _controller = new EnasNb201Controller(o.LstmSize, o.TanhConstant, o.Temperature);
        }
        else if (_space == "enas-macro")
        {
            var space = new EnasMacroSearchSpace(o.Layers);
            _shared = new EnasMacroSupernet(data.NetworkOptions(o.Channels, o.Layers), space);
            _controller = new EnasMacroController(space, o.LstmSize, o.TanhConstant, o.SkipTarget, o.Temperature);
        }
        else
        {
            var space = new EnasMicroSearchSpace(o.Nodes);
            _shared = new EnasMicroSupernet(data.NetworkOptions(o.Channels, o.Layers, auxiliary: o.AuxiliaryWeight > 0), space, o.Dropout);
            _controller = new EnasMicroController(space, o.LstmSize, o.TanhConstant, o.OpTanhReduce, o.Temperature);
        }
        // The shared model runs on the budget's device; the controller (a batch-1 LSTM, sequential by nature) stays on
        // the CPU, where it is faster than a GPU would be, and only takes the rewards as numbers.
        if (Device.type != DeviceType.CPU) _shared.to(Device);
        // The reference adds l2·Σw² to the loss (utils.get_train_ops), whose gradient is 2·l2·w.
        _sharedOptimizer = optim.SGD(_shared.parameters(), o.LearningRateMax, momentum: 0.9, weight_decay: 2 * o.L2, nesterov: true);
        _controllerOptimizer = optim.Adam(_controller.parameters(), o.ControllerLearningRate, beta1: o.ControllerBeta1, eps: o.ControllerEpsilon);
        // The shared weights' gradients live in buffers made before the first forward, reset every step in place of
        // set_to_none (see GradientBuffers).
        _sharedGradients = Training.GradientBuffers.Allocate(_shared.parameters());
    }

    /// <inheritdoc />
    protected override void AfterBuild()
    {
        if (_legacyWeights is null) return;
        using var r = new BinaryReader(new MemoryStream(_legacyWeights), Encoding.UTF8);
        r.ReadString();
        r.ReadString();
        r.ReadBoolean();
        _shared!.load(r);
        ((TorchSharp.Modules.OptimizerHelper)_sharedOptimizer!).load_state_dict(r);
        _controller!.load(r);
        ((TorchSharp.Modules.OptimizerHelper)_controllerOptimizer!).load_state_dict(r);
        using (var rng = tensor(r.ReadBytes(r.ReadInt32()), dtype: ScalarType.Byte)) set_rng_state(rng);
        _legacyWeights = null;
    }

    /// <inheritdoc />
    protected override SupernetEpochResult RunEpoch(SearchContext context, SupernetBatches batches, int epoch, CancellationToken cancellation)
    {
        var (loss, accuracy) = TrainShared(context, batches, epoch, cancellation);
        var controller = TrainController(context, batches, epoch, cancellation);
        var metrics = new List<KeyValuePair<string, double>>
        {
            new("shared_train_loss", loss), new("shared_train_accuracy", accuracy), new("shared_lr", _options.LearningRateAt(epoch)),
            new("reward", controller.Reward), new("reward_valid_accuracy", controller.Accuracy), new("entropy", controller.Entropy),
            new("baseline", _state.Baseline),
        };
        foreach (var (group, probs) in controller.OpProbabilities)
            for (var i = 0; i < probs.Length; i++)
                metrics.Add(new($"{Export.HtmlReport.WeightPrefix}{group}/{_controller!.Ops[i]}", probs[i]));
        return new SupernetEpochResult(metrics, string.Create(CultureInfo.InvariantCulture,
            $"shared loss {loss:F3} acc {100 * accuracy:F1}% | controller reward {controller.Reward:F4} " +
            $"(valid acc {100 * controller.Accuracy:F1}%) entropy {controller.Entropy:F2} baseline {_state.Baseline:F4}"));
    }

    /// <inheritdoc />
    protected override TrialRecord? Derive(SearchContext context, SupernetBatches batches, CancellationToken cancellation)
    {
        var controller = _controller!;
        var shared = _shared!;
        controller.eval();
        SetRewardMode(shared);
        using var stream = SupernetBatches.Cycle(batches.Valid, 1_000_000).GetEnumerator();
        var childOptions = batches.Data.NetworkOptions(context.Budget.Channels, context.Budget.Layers);
        TrialRecord? best = null;
        for (var k = 0; k < _options.DeriveSamples; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            stream.MoveNext();
            var (x, y) = stream.Current;
            using var xs = x;
            using var ys = y;
            Architecture architecture;
            using (no_grad())
            using (var sample = controller.Sample(context.CreateRandom($"enas/derive/{k}")))
                architecture = sample.Architecture;
            var record = context.Record($"derive-{k}", architecture, () =>
            {
                var start = context.Time.GetTimestamp();
                var accuracy = RewardAccuracy(shared, xs, ys, architecture);
                var cost = MeasureChild(architecture, childOptions);
                return new TrialOutcome(true, null, accuracy, null, cost.Parameters, cost.Macs, null,
                    context.Time.GetElapsedTime(start).TotalSeconds, new Dictionary<string, double> { ["shared_weights_valid_accuracy"] = accuracy });
            }, kind: "derive");
            context.Report(new SearchProgress("derive", k + 1, _options.DeriveSamples, string.Create(CultureInfo.InvariantCulture,
                $"derive {k + 1}/{_options.DeriveSamples}: valid minibatch accuracy with shared weights {100 * record.ValidAccuracy:F2}%"), record.ValidAccuracy));
            if (record is { Status: TrialStatus.Succeeded, ValidAccuracy: { } acc } && (best is null || acc > best.ValidAccuracy)) best = record;
        }
        return best;
    }

    /// <inheritdoc />
    protected override JsonNode? SaveOwnState() => JsonSerializer.SerializeToNode(_state);

    /// <inheritdoc />
    protected override void LoadOwnState(JsonNode? state) =>
        _state = state?.Deserialize<EnasState>() ?? throw new InvalidDataException("The saved ENAS state has no controller state.");

    /// <inheritdoc />
    protected override bool LoadLegacyState(byte[] state, out int epochsDone)
    {
        epochsDone = 0;
        if (state.Length < LegacyMagic.Length + 1 || state[0] != LegacyMagic.Length ||
            Encoding.UTF8.GetString(state, 1, LegacyMagic.Length) != LegacyMagic) return false;
        using var r = new BinaryReader(new MemoryStream(state), Encoding.UTF8);
        r.ReadString();
        var legacy = JsonSerializer.Deserialize<LegacyState>(r.ReadString()) ?? throw new InvalidDataException("Empty ENAS state.");
        _state = new EnasState(legacy.Baseline, legacy.ControllerStep);
        _legacyWeights = r.ReadBoolean() ? state : null;
        epochsDone = legacy.Epoch;
        return true;
    }

    /// <inheritdoc />
    protected override void DisposeModels()
    {
        _sharedOptimizer?.Dispose();
        _controllerOptimizer?.Dispose();
        _sharedGradients?.Dispose();
        _sharedGradients = null;
        _shared?.Dispose();
        _controller?.Dispose();
        (_shared, _controller, _sharedOptimizer, _controllerOptimizer) = (null, null, null, null);
    }

    private (double Loss, double Accuracy) TrainShared(SearchContext context, SupernetBatches batches, int epoch, CancellationToken cancellation)
    {
        var o = _options;
        var shared = _shared!;
        var parameters = shared.parameters().ToArray();
        foreach (var g in _sharedOptimizer!.ParamGroups) g.LearningRate = o.LearningRateAt(epoch);
        shared.train();
        _controller!.eval();
        var steps = o.StepsPerEpoch > 0 ? o.StepsPerEpoch : batches.Train.BatchesPerEpoch;
        return TrainSteps(context, batches.Train, epoch, steps, "shared", cancellation, (x, y, step) =>
        {
            Architecture architecture;
            using (no_grad())
            using (var sample = _controller.Sample(context.CreateRandom($"enas/child/{epoch}/{step}")))
                architecture = sample.Architecture;
            Tensor logits, loss;
            if (shared is EnasMicroSupernet micro)
            {
                var (main, aux) = micro.ForwardWithAux(x, architecture);
                logits = main;
                loss = nn.functional.cross_entropy(main, y);
                // micro_child.py: train_loss = loss + 0.4 * aux_loss.
                if (aux is not null) loss = loss + o.AuxiliaryWeight * nn.functional.cross_entropy(aux, y);
            }
            else
            {
                logits = shared.call(x, architecture);
                loss = nn.functional.cross_entropy(logits, y);
            }
            // Gradients of ops this child did not use stay unset (set_to_none, kept in fixed buffers): SGD leaves them untouched.
            _sharedGradients!.Reset();
            loss.backward();
            _sharedGradients.AfterBackward();
            var norm = nn.utils.clip_grad_norm_(parameters.Where(p => p.grad is not null).ToArray(), o.GradClip);
            var value = loss.item<float>();
            if (double.IsFinite(value) && !double.IsFinite(norm))
                throw new Training.NonFiniteLossException(epoch + 1, step, norm, null);
            if (double.IsFinite(value)) _sharedOptimizer.step();
            return (value, logits);
        });
    }

    private ControllerEpoch TrainController(SearchContext context, SupernetBatches batches, int epoch, CancellationToken cancellation)
    {
        var o = _options;
        var controller = _controller!;
        var shared = _shared!;
        controller.train();
        SetRewardMode(shared);
        using var stream = SupernetBatches.Cycle(batches.Valid, epoch).GetEnumerator();
        double rewardSum = 0, accSum = 0, entropySum = 0;
        var count = 0;
        var groups = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (var step = 0; step < o.ControllerSteps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            _controllerOptimizer!.zero_grad();
            for (var k = 0; k < o.ControllerAggregate; k++)
            {
                using var scope = StepScope.Begin();
                stream.MoveNext();
                var (x, y) = stream.Current;
                scope.Attach(x);
                scope.Attach(y);
                using var sample = controller.Sample(context.CreateRandom($"enas/controller/{epoch}/{step}/{k}"));
                var accuracy = RewardAccuracy(shared, x, y, sample.Architecture);
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

    // Accuracy of the sampled child on one validation minibatch, without gradients (the reward's signal).
    private static double RewardAccuracy(WeightSharingNetwork shared, Tensor x, Tensor y, Architecture architecture)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return shared.call(x, architecture).argmax(1).eq(y).to_type(ScalarType.Float32).mean().item<float>();
    }

    // How the reference scores a sampled child: micro_child.py build_valid_rl runs the shared model with
    // is_training=True (batch statistics: running averages mean little when every batch runs another architecture;
    // dropout is active too), general_child.py (macro) with is_training=False. AutoDL-Projects' ENAS on NB201 scores
    // in eval mode with running statistics (track_running_stats 1); here that gave chance-level rewards (valid minibatch
    // accuracy 10-14% while the shared model trained at 20-23%, cpu-small epochs 1-5), so NB201 uses batch statistics
    // as micro does.
    private void SetRewardMode(WeightSharingNetwork shared)
    {
        if (_space == "enas-macro") shared.eval();
        else shared.train();
    }

    private static ModelCost MeasureChild(Architecture architecture, NetworkOptions options)
    {
        using var network = NetworkBuilder.Build(architecture, options);
        return CostCounter.Measure(network, options.InputChannels, options.ImageSize);
    }

    private sealed record EnasState(double Baseline, long ControllerStep);

    private sealed record LegacyState(int Epoch, double Baseline, long ControllerStep);

    private sealed record ControllerEpoch(double Reward, double Accuracy, double Entropy, IReadOnlyDictionary<string, double[]> OpProbabilities);
}
