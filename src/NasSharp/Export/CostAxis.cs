namespace NasSharp.Export;

/// <summary>Which cost of a trial the error-vs-cost plot puts on its horizontal axis.</summary>
public enum CostAxis
{
    /// <summary>Multiply-accumulates per image, in millions (<c>TrialRecord.Macs</c>).</summary>
    Macs,

    /// <summary>Trainable parameters, in millions (<c>TrialRecord.Parameters</c>).</summary>
    Parameters,

    /// <summary>Measured latency per image, in milliseconds (<c>TrialRecord.LatencyMs</c>).</summary>
    LatencyMs,
}
