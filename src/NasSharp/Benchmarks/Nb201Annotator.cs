namespace NasSharp.Benchmarks;

using NasSharp.Experiments;
using NasSharp.SearchSpaces;

/// <summary>Adds the table's true 200-epoch test accuracies (<see cref="Nb201Entry.TrueAccuracyMetrics"/>, 0..1) to
/// the metrics of every outcome whose architecture is an NB201 cell, before it is stored; other outcomes pass
/// unchanged. The values are for reading only: strategies choose by validation accuracy.</summary>
/// <param name="table">The table.</param>
public sealed class Nb201Annotator(Nb201Benchmark table)
{
    /// <summary>The event kind logged once per run when no table was found.</summary>
    public const string NotFoundEventKind = "nb201_table";

    /// <summary>The event message logged once per run when no table was found.</summary>
    public const string NotFoundMessage = "NAS-Bench-201 table not found: true accuracies not recorded";

    /// <summary>The table.</summary>
    public Nb201Benchmark Table { get; } = table ?? throw new ArgumentNullException(nameof(table));

    /// <summary><paramref name="outcome"/> with the true accuracies of <paramref name="architecture"/> among its metrics
    /// (when it is an NB201 cell of the table; otherwise <paramref name="outcome"/> itself).</summary>
    public TrialOutcome Annotate(Architecture architecture, TrialOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (architecture is not Nb201Genotype cell || cell.Ops.Count != 6 || !cell.Ops.All(op => OpNames.Nb201.Contains(op, StringComparer.Ordinal)))
            return outcome;
        var metrics = new Dictionary<string, double>(outcome.Metrics, StringComparer.Ordinal);
        foreach (var (name, value) in Table.Find(cell).TrueAccuracyMetrics()) metrics[name] = value;
        return outcome with { Metrics = metrics };
    }
}
