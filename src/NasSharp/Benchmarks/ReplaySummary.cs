namespace NasSharp.Benchmarks;

/// <summary>Mean ± std of the answer's true CIFAR-10 test accuracy over the runs of a strategy at a query budget.</summary>
/// <param name="Strategy">The strategy.</param>
/// <param name="Budget">Queries.</param>
/// <param name="Runs">Runs with an answer at that budget.</param>
/// <param name="Mean">Mean, percent.</param>
/// <param name="Std">Sample standard deviation (n − 1), percent; 0 for one run.</param>
public sealed record ReplaySummary(string Strategy, int Budget, int Runs, double Mean, double Std)
{
    /// <summary>Mean and sample std of <paramref name="values"/> (0, 0 when empty).</summary>
    public static (double Mean, double Std) Stats(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) return (0, 0);
        var mean = values.Average();
        var std = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        return (mean, std);
    }
}
