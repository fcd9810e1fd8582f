namespace NasSharp.Experiments;

/// <summary>A runner made on its first trial (so a search whose strategy trains no trial never loads what the real
/// runner needs); thread-safe.</summary>
internal sealed class LazyTrialRunner(Func<ITrialRunner> create) : ITrialRunner
{
    private readonly Lazy<ITrialRunner> _runner = new(create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <inheritdoc />
    public TrialOutcome Run(TrialSpec spec, CancellationToken cancellation) => _runner.Value.Run(spec, cancellation);
}
