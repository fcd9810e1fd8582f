namespace NasSharp.Strategies.Darts;

using System.Globalization;
using NasSharp.Cost;
using NasSharp.Experiments;
using NasSharp.Networks;
using NasSharp.Runtime;
using NasSharp.SearchSpaces;
using NasSharp.Strategies.Supernet;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// DARTS (Liu, Simonyan, Yang; ICLR 2019) and BATS (Bulat, Martinez, Tzimiropoulos; ECCV 2020) on the supernet loop:
/// every step first moves α on a validation batch (<see cref="DartsArchitect"/>, first or second order; Adam), then ω on a
/// training batch (SGD, cosine, clip), as <c>train_search.py</c>. BATS is the same search over the binary op family
/// (binary activations, real weights) with mixing weights softmax(α / T), T &lt; 1. After the last epoch the cell is
/// derived from α (<see cref="DifferentiableSupernet.Derive"/>, recorded as the trial <c>derive</c>, scored by the
/// supernet on the validation split) and retrained from scratch as the trial <c>retrain</c>.
/// </summary>
public sealed class DartsSearch : SupernetSearch
{
    private readonly DartsOptions _options;
    private readonly string _space;
    private DifferentiableSupernet? _supernet;
    private BilevelOptimizer? _optimizer;

    /// <summary>Creates the search of strategy <paramref name="name"/> (<c>darts</c> or <c>bats</c>) over
    /// <paramref name="space"/> (<c>darts</c>; DARTS also <c>nb201</c>).</summary>
    public DartsSearch(DartsOptions options, string space, string name = "darts") : base(name)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(name);
        _options = options;
        _space = SearchSpaceCatalog.Canonical(space);
        if (_space is not ("darts" or "nb201")) throw new ArgumentException($"{name} searches the spaces darts and nb201, not '{space}'.", nameof(space));
        if (_space == "nb201" && options.Binary) throw new ArgumentException($"{name}: the binary op family is for the darts space; nb201 has no binary ops.", nameof(space));
    }

    /// <summary>The supernet (valid while the search runs).</summary>
    public DifferentiableSupernet? Supernet => _supernet;

    /// <inheritdoc />
    protected override SupernetSchedule Schedule => new(_options.Epochs, _options.BatchSize, _options.RetrainEpochs);

    /// <inheritdoc />
    protected override IReadOnlyList<nn.Module> Modules => [_supernet!];

    /// <inheritdoc />
    protected override IReadOnlyList<optim.Optimizer> Optimizers => [_optimizer!.WeightOptimizer, _optimizer.ArchitectureOptimizer];

    /// <summary>The supernet for <paramref name="options"/> on <paramref name="space"/> (seed torch first).</summary>
    public static DifferentiableSupernet BuildSupernet(DartsOptions options, string space, NetworkOptions network)
    {
        ArgumentNullException.ThrowIfNull(options);
        DifferentiableSupernet supernet = SearchSpaceCatalog.Canonical(space) == "nb201"
            ? new Nb201DartsSupernet(network with { Layers = options.Layers, Channels = options.Channels })
            : new DartsSupernet(network with { Layers = options.Layers, Channels = options.Channels },
                options.Binary ? new Ops.Binary.BinaryCellOps(options.BinaryGroups) : Ops.CellOps.Real, nodes: options.Nodes);
        supernet.Temperature = options.Temperature;
        return supernet;
    }

    /// <inheritdoc />
    protected override void Build(SearchContext context, SearchData data)
    {
        var o = _options;
        _supernet = BuildSupernet(o, _space, data.NetworkOptions(o.Channels, o.Layers));
        if (Device.type != DeviceType.CPU) _supernet.to(Device);
        _optimizer = new BilevelOptimizer(_supernet, o);
    }

    /// <inheritdoc />
    protected override SupernetEpochResult RunEpoch(SearchContext context, SupernetBatches batches, int epoch, CancellationToken cancellation)
    {
        var o = _options;
        var supernet = _supernet!;
        var lr = o.LearningRateAt(epoch);
        var optimizer = _optimizer!;
        optimizer.LearningRate = lr;
        supernet.train();
        using var valid = SupernetBatches.Cycle(batches.Valid, epoch).GetEnumerator();
        double archLossSum = 0;
        var steps = o.StepsPerEpoch > 0 ? o.StepsPerEpoch : batches.Train.BatchesPerEpoch;
        var (loss, accuracy) = TrainSteps(context, batches.Train, epoch, steps, Name, cancellation, (x, y, step) =>
        {
            // train_search.py: a fresh validation batch for every α step.
            valid.MoveNext();
            var (xv, yv) = valid.Current;
            using (xv)
            using (yv)
            {
                var (value, logits, norm, archLoss) = optimizer.Step(x, y, xv, yv);
                if (double.IsFinite(value) && !double.IsFinite(norm)) throw new Training.NonFiniteLossException(epoch + 1, step, norm, null);
                if (!double.IsFinite(archLoss)) throw new Training.NonFiniteLossException(epoch + 1, step, archLoss, null);
                archLossSum += archLoss;
                return (value, logits);
            }
        });
        var metrics = new List<KeyValuePair<string, double>>
        {
            new("supernet_train_loss", loss), new("supernet_train_accuracy", accuracy), new("arch_valid_loss", archLossSum / Math.Max(1, steps)),
            new("lr", lr),
        };
        var summary = new System.Text.StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"supernet loss {loss:F3} acc {100 * accuracy:F1}% | α-step valid loss {archLossSum / Math.Max(1, steps):F3}"));
        foreach (var (group, weights) in supernet.MixingWeightValues())
        {
            var ag = supernet.AlphaGroups.First(g => g.Name == group);
            double entropySum = 0;
            for (var e = 0; e < weights.Length; e++)
            {
                var entropy = Entropy(weights[e]);
                entropySum += entropy;
                metrics.Add(new($"{Export.HtmlReport.EntropyPrefix}{group}/{ag.EdgeLabels[e]}", entropy));
                for (var k = 0; k < weights[e].Length; k++)
                    metrics.Add(new($"{Export.HtmlReport.WeightPrefix}{group} {ag.EdgeLabels[e]}/{ag.Ops[k]}", weights[e][k]));
            }
            var mean = entropySum / Math.Max(1, weights.Length);
            metrics.Add(new($"alpha_entropy_{group}", mean));
            summary.Append(string.Create(CultureInfo.InvariantCulture, $" | {group} entropy {mean:F3}"));
        }
        summary.Append(" | ").Append(ArchitectureFormats.ToText(supernet.Derive()));
        return new SupernetEpochResult(metrics, summary.ToString());
    }

    /// <inheritdoc />
    protected override TrialRecord? Derive(SearchContext context, SupernetBatches batches, CancellationToken cancellation)
    {
        var supernet = _supernet!;
        var architecture = supernet.Derive();
        var childOptions = batches.Data.NetworkOptions(context.Budget.Channels, context.Budget.Layers);
        var record = context.Record("derive", architecture, () =>
        {
            var start = context.Time.GetTimestamp();
            var accuracy = SupernetAccuracy(supernet, batches, _options.ScoreBatches, cancellation);
            var metrics = new Dictionary<string, double> { ["supernet_valid_accuracy"] = accuracy };
            foreach (var (group, weights) in supernet.MixingWeightValues())
                metrics[$"alpha_entropy_{group}"] = weights.Average(Entropy);
            var cost = ChildCost(architecture, childOptions, context.Budget);
            foreach (var (name, value) in cost.Extra) metrics[name] = value;
            return new TrialOutcome(true, null, accuracy, null, cost.Cost.Parameters, cost.Cost.Macs, null,
                context.Time.GetElapsedTime(start).TotalSeconds, metrics);
        }, kind: "derive");
        context.Report(new SearchProgress("derive", 1, 1, string.Create(CultureInfo.InvariantCulture,
            $"derived {ArchitectureFormats.ToText(architecture)}: supernet valid accuracy {100 * record.ValidAccuracy:F2}%"), record.ValidAccuracy));
        return record.Status == TrialStatus.Succeeded ? record : null;
    }

    /// <inheritdoc />
    protected override void DisposeModels()
    {
        _optimizer?.Dispose();
        _supernet?.Dispose();
        (_supernet, _optimizer) = (null, null);
    }

    /// <summary>Shannon entropy (nats) of one edge's op distribution.</summary>
    public static double Entropy(IReadOnlyList<float> p) => -p.Where(v => v > 0).Sum(v => v * Math.Log(v));

    // Accuracy of the supernet (mixing weights as searched) over the validation split (its first `limit` batches of a
    // fixed shuffle when limit > 0), BN in eval mode.
    private static double SupernetAccuracy(DifferentiableSupernet supernet, SupernetBatches batches, int limit, CancellationToken cancellation)
    {
        supernet.eval();
        long correct = 0, seen = 0;
        var count = 0;
        using var noGrad = no_grad();
        foreach (var (x, y) in batches.Valid.Epoch(0))
        {
            using var scope = StepScope.Begin();
            scope.Attach(x);
            scope.Attach(y);
            if (limit > 0 && count++ >= limit) break;
            cancellation.ThrowIfCancellationRequested();
            correct += supernet.call(x).argmax(1).eq(y).sum().item<long>();
            seen += y.shape[0];
        }
        supernet.train();
        return (double)correct / Math.Max(1, seen);
    }

    // Parameters and MACs of the child the retraining will build; a binary budget's child is measured fully binary
    // (stage 2), with its BOPs, FLOPs and combined FLOPs + BOPs/64.
    private static (ModelCost Cost, IReadOnlyDictionary<string, double> Extra) ChildCost(Architecture architecture, NetworkOptions options, TrialBudget budget)
    {
        var binary = budget.Binary && architecture is CellGenotype;
        using var network = NetworkBuilder.Build(architecture, options with { Binary = binary, BinaryGroups = budget.BinaryGroups });
        if (binary) Ops.Binary.BinaryConv2d.SetWeightBinarization(network, true);
        var cost = CostCounter.Measure(network, options.InputChannels, options.ImageSize);
        var extra = new Dictionary<string, double>();
        if (binary)
        {
            extra["bops"] = cost.Bops;
            extra["flops"] = cost.Flops;
            extra["combined_flops"] = cost.Combined;
        }
        return (cost, extra);
    }
}
