namespace NasSharp.Experiments;

/// <summary>One trial as stored: the architecture, its status and what it measured.</summary>
/// <param name="Id">Store id (1, 2, ... in submission order).</param>
/// <param name="Key">The strategy's deterministic key for this proposal (e.g. <c>sample-17</c>); unique per experiment.
/// On resume a strategy replays its proposals and finished keys are answered from the store, not rerun.</param>
/// <param name="ArchitectureJson">The architecture as versioned JSON (<c>ArchitectureJson</c>).</param>
/// <param name="ArchitectureHash">SHA-256 (hex) of <paramref name="ArchitectureJson"/> in compact form.</param>
/// <param name="Space">Search-space name of the architecture.</param>
/// <param name="Status">Queued, running, succeeded or failed.</param>
/// <param name="Attempt">How many times it was started (a trial interrupted by a crash is started again).</param>
/// <param name="FailureReason">Why it failed, for failed trials.</param>
/// <param name="ValidAccuracy">Validation accuracy (0..1), the search signal.</param>
/// <param name="TestAccuracy">Test accuracy (0..1), reported, never used for selection.</param>
/// <param name="Parameters">Trainable parameters.</param>
/// <param name="Macs">Multiply-accumulates per image.</param>
/// <param name="LatencyMs">Measured latency per image in milliseconds, if measured.</param>
/// <param name="Seconds">Wall time of the trial.</param>
/// <param name="Metrics">Any other named numbers the trial produced (e.g. <c>train_loss</c>).</param>
/// <param name="CreatedAt">When it was submitted.</param>
/// <param name="StartedAt">When its last attempt started.</param>
/// <param name="FinishedAt">When it finished.</param>
/// <param name="Kind">What the trial is for: <c>trial</c> (default; a proposal trained by the executor), or a
/// strategy's own kind such as <c>derive</c>, <c>retrain</c>, <c>seed</c>, <c>candidate</c>, <c>child</c>.</param>
/// <param name="ParentKey">Key of the trial this one was derived from (lineage); default null (none).</param>
/// <param name="BudgetJson">The trial's own <see cref="TrialBudget"/> as JSON; default null: the experiment's budget.</param>
/// <param name="Seed">Seed of the trial's weights and batches; default null (not recorded: trials of schema-1 stores).</param>
/// <param name="ArtefactPath">The trial's weights file, relative to the experiment folder (<c>/</c>-separated); default
/// null (none).</param>
/// <param name="ArtefactHash">SHA-256 (lower-case hex) of <paramref name="ArtefactPath"/>'s file; default null.</param>
public sealed record TrialRecord(
    long Id, string Key, string ArchitectureJson, string ArchitectureHash, string Space, TrialStatus Status, int Attempt,
    string? FailureReason, double? ValidAccuracy, double? TestAccuracy, long? Parameters, long? Macs, double? LatencyMs,
    double? Seconds, IReadOnlyDictionary<string, double> Metrics,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    string Kind = TrialRecord.DefaultKind, string? ParentKey = null, string? BudgetJson = null, int? Seed = null,
    string? ArtefactPath = null, string? ArtefactHash = null)
{
    /// <summary>The kind of an ordinary trial: <c>trial</c>.</summary>
    public const string DefaultKind = "trial";
}
