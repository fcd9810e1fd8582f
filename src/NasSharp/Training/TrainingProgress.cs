namespace NasSharp.Training;

/// <summary>A progress report of a training run.</summary>
/// <param name="Phase"><c>train</c>, <c>eval</c> or <c>epoch</c> (end-of-epoch summary).</param>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Total epochs.</param>
/// <param name="Step">1-based step within the epoch.</param>
/// <param name="Steps">Steps per epoch.</param>
/// <param name="Loss">Mean loss so far in this epoch.</param>
/// <param name="Accuracy">Accuracy (0..1) so far in this epoch.</param>
/// <param name="ImagesPerSecond">Training throughput of this epoch.</param>
/// <param name="Remaining">Estimated time left for the whole run.</param>
/// <param name="TestAccuracy">Held-out accuracy (only for <c>epoch</c> reports with an evaluation set).</param>
public sealed record TrainingProgress(
    string Phase, int Epoch, int Epochs, int Step, int Steps, double Loss, double Accuracy,
    double ImagesPerSecond, TimeSpan Remaining, double? TestAccuracy = null)
{
    /// <summary>One human-readable line.</summary>
    public override string ToString()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var test = TestAccuracy is { } t ? string.Create(inv, $" test_acc {100 * t:F2}%") : "";
        return string.Create(inv, $"[{Phase}] epoch {Epoch}/{Epochs} step {Step}/{Steps} loss {Loss:F4} acc {100 * Accuracy:F2}%{test} ") +
               string.Create(inv, $"{ImagesPerSecond:F0} img/s eta {FormatDuration(Remaining)}");
    }

    /// <summary>Hours:minutes:seconds, hours not wrapping at a day (e.g. <c>30:05:09</c>).</summary>
    public static string FormatDuration(TimeSpan t) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}");
}
