namespace NasSharp.Benchmarks;

using NasSharp.Experiments;
using NasSharp.SearchSpaces;

/// <summary>
/// Answers a trial from the NAS-Bench-201 table instead of training it (<c>--evaluator table</c>): validation accuracy
/// = <c>cifar10_valid_acc_12ep</c> / 100 (the NB201 paper's search protocol), test accuracy = the 200-epoch
/// <c>cifar10_test_acc</c> / 100, parameters = <c>params_mb_cifar10</c> × 1e6, MACs null, 0 seconds, and every other
/// column as a metric (<see cref="Nb201Entry.Metrics"/>). A trial whose architecture is not an NB201 cell fails,
/// naming its space.
/// </summary>
/// <param name="table">The table.</param>
public sealed class TableTrialRunner(Nb201Benchmark table) : ITrialRunner
{
    /// <summary>The evaluator name this runner stands for (<see cref="ExperimentConfig.Evaluator"/>).</summary>
    public const string EvaluatorName = "table";

    private readonly Nb201Benchmark _table = table ?? throw new ArgumentNullException(nameof(table));

    /// <inheritdoc />
    public TrialOutcome Run(TrialSpec spec, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(spec);
        cancellation.ThrowIfCancellationRequested();
        if (spec.Architecture is not Nb201Genotype cell)
        {
            return TrialOutcome.Failure(
                $"the table evaluator answers NAS-Bench-201 cells only; trial '{spec.Key}' is an architecture of space '{spec.Architecture.Space}'", 0);
        }
        var e = _table.Find(cell);
        return new TrialOutcome(true, null, e.Cifar10ValidAcc12Ep / 100, e.Cifar10TestAcc / 100,
            (long)Math.Round(e.ParamsMbCifar10 * 1e6), null, null, 0, e.Metrics());
    }
}
