namespace NasSharp.Strategies.Petridish;

using NasSharp.Cost;
using NasSharp.Experiments;
using NasSharp.Networks;
using NasSharp.SearchSpaces;
using NasSharp.Training;
using static TorchSharp.torch;

/// <summary>
/// Runs Petridish's three kinds of trial through the usual trial machinery (<see cref="TrainingTrialRunner.Train"/>:
/// checkpoints, accuracies, weights as the artefact):
/// <list type="bullet">
/// <item><c>seed</c>: the genotype trained from scratch; latency measured.</item>
/// <item><c>candidate</c>: the parent's network (the trial's architecture) loaded from the parent's weights
/// (<c>trials/&lt;parent&gt;/model.bin</c>), candidates attached in every cell, trained together with L1 on the
/// candidate weights; the outcome's metrics hold every final weight as <c>candidate/&lt;cell&gt;/&lt;op&gt;~&lt;state&gt;</c>,
/// its cost is the parent's.</item>
/// <item><c>child</c>: the grown genotype, initialised from its candidate trial's weights
/// (<see cref="PetridishWarmStart.ChildFromCandidates"/>: the new nodes' gates at 0, so it starts as its parent) and trained on.</item>
/// </list>
/// Any other kind runs as an ordinary trial.
/// </summary>
public sealed class PetridishTrialRunner : ITrialRunner
{
    /// <summary>Kind of a seed's training.</summary>
    public const string SeedKind = "seed";
    /// <summary>Kind of a candidate search on a parent.</summary>
    public const string CandidateKind = "candidate";
    /// <summary>Kind of a finalised child's training.</summary>
    public const string ChildKind = "child";
    /// <summary>Prefix of the candidate-weight metrics.</summary>
    public const string CandidateMetricPrefix = "candidate/";

    private readonly TrainingTrialRunner _training;
    private readonly TrialBudget _defaultBudget;
    private readonly double _l1;

    /// <summary>A runner over <paramref name="training"/>; <paramref name="l1"/> is the L1 weight of candidate searches
    /// (default 0.001).</summary>
    public PetridishTrialRunner(TrainingTrialRunner training, TrialBudget defaultBudget, double l1 = PetridishNetwork.DefaultL1)
    {
        _training = training ?? throw new ArgumentNullException(nameof(training));
        _defaultBudget = defaultBudget ?? throw new ArgumentNullException(nameof(defaultBudget));
        _l1 = l1;
    }

    /// <summary>The metric name of candidate pair <paramref name="pair"/> of <paramref name="cell"/>.</summary>
    public static string CandidateMetric(string cell, OpEdge pair) => $"{CandidateMetricPrefix}{cell}/{pair.Op}~{pair.Input}";

    /// <inheritdoc />
    public TrialOutcome Run(TrialSpec spec, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Architecture is not PetridishGenotype genotype || spec.Kind is not (SeedKind or CandidateKind or ChildKind))
            return _training.Run(spec, cancellation);
        var start = TimeProvider.System.GetTimestamp();
        var budget = spec.Budget ?? _defaultBudget;
        var options = _training.NetworkOptionsFor(genotype, budget);
        var (c, h, w) = _training.ImageShape;
        manual_seed(spec.Seed);
        switch (spec.Kind)
        {
            case SeedKind:
            {
                using var network = new PetridishNetwork(genotype, options);
                return _training.Train(spec, budget, network, null, Latency, start, cancellation);
            }
            case CandidateKind:
            {
                using var parent = new PetridishNetwork(genotype, options);
                Load(parent, spec.ParentKey, "parent");
                var cost = CostCounter.Measure(parent, c, h, w);
                using var network = new PetridishNetwork(genotype, options, withCandidates: true) { CandidateL1 = _l1 };
                PetridishWarmStart.Copy(parent, network);
                return _training.Train(spec, budget, network, cost, (net, metrics) => Weights((PetridishNetwork)net, metrics), start, cancellation);
            }
            default:
            {
                var parentGenotype = PetridishSearchSpace.Parent(genotype);
                using var candidates = new PetridishNetwork(parentGenotype, options, withCandidates: true);
                Load(candidates, spec.ParentKey, "candidate search");
                using var network = new PetridishNetwork(genotype, options);
                PetridishWarmStart.ChildFromCandidates(candidates, network);
                return _training.Train(spec, budget, network, null, Latency, start, cancellation);
            }
        }

        void Latency(ClassificationNetwork network, Dictionary<string, double> metrics) =>
            metrics[TrainingTrialRunner.LatencyMetric] = LatencyMeter.MeasureMs(network, c, h, w);
    }

    private static void Weights(PetridishNetwork network, Dictionary<string, double> metrics)
    {
        foreach (var (cell, genotypeCell) in new[] { ("normal", network.Genotype.Normal), ("reduce", network.Genotype.Reduce) })
        {
            var pairs = PetridishCandidates.Pairs(genotypeCell.States);
            using var weights = network.CandidateWeights(cell).detach().cpu();
            var values = weights.data<float>().ToArray();
            for (var k = 0; k < pairs.Length; k++) metrics[CandidateMetric(cell, pairs[k])] = values[k];
        }
    }

    // The weights a job starts from: its parent trial's model.bin (petridishnn: prev_model_dir).
    private void Load(PetridishNetwork network, string? parentKey, string what)
    {
        if (parentKey is null) throw new InvalidOperationException($"A Petridish {what} warm start needs the trial's parent key; the trial has none.");
        var path = Path.Combine(_training.TrialsFolder, parentKey, ModelFolder.WeightsFile);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The weights of the {what} trial '{parentKey}' are missing: expected '{path}'.", path);
        try
        {
            network.load(path);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidDataException($"Cannot load the weights of the {what} trial '{parentKey}' from '{path}' into its network: {e.Message}", e);
        }
    }
}
