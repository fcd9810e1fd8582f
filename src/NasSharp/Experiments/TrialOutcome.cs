namespace NasSharp.Experiments;

/// <summary>What running one trial produced (success or failure); stored by <see cref="ExperimentStore.CompleteTrial"/>.</summary>
/// <param name="Succeeded">Whether the trial finished normally.</param>
/// <param name="FailureReason">The error message of a failed trial (exception type and message).</param>
/// <param name="ValidAccuracy">Validation accuracy, 0..1.</param>
/// <param name="TestAccuracy">Test accuracy, 0..1.</param>
/// <param name="Parameters">Trainable parameters.</param>
/// <param name="Macs">MACs per image.</param>
/// <param name="LatencyMs">Latency per image, ms, if measured.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Metrics">Other named numbers.</param>
/// <param name="Artefact">The file the trial produced (its trained weights); default null (none).</param>
public sealed record TrialOutcome(
    bool Succeeded, string? FailureReason, double? ValidAccuracy, double? TestAccuracy, long? Parameters, long? Macs,
    double? LatencyMs, double Seconds, IReadOnlyDictionary<string, double> Metrics, TrialArtefact? Artefact = null)
{
    /// <summary>A failed outcome with <paramref name="reason"/>.</summary>
    public static TrialOutcome Failure(string reason, double seconds) =>
        new(false, reason, null, null, null, null, null, seconds, new Dictionary<string, double>());
}
