namespace NasSharp.Experiments;

/// <summary>One value of a search-level metric series (loss, accuracy, controller reward, entropy, an α entry, ...).</summary>
/// <param name="Step">Step or epoch index the value belongs to (the strategy chooses; monotone per series).</param>
/// <param name="Name">Series name, e.g. <c>train_loss</c>, <c>reward</c>, <c>alpha/normal/0/sep_conv_3x3</c>.</param>
/// <param name="Value">The value.</param>
/// <param name="Time">When it was recorded.</param>
public sealed record MetricPoint(long Step, string Name, double Value, DateTimeOffset Time);
