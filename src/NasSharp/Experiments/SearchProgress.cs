namespace NasSharp.Experiments;

/// <summary>A search-level progress report.</summary>
/// <param name="Phase">What is happening, e.g. <c>trial</c>, <c>done</c>.</param>
/// <param name="Completed">Trials finished so far.</param>
/// <param name="Total">Trials planned, if known.</param>
/// <param name="Message">One human-readable line.</param>
/// <param name="BestValidAccuracy">Best validation accuracy so far, if any.</param>
public sealed record SearchProgress(string Phase, int Completed, int? Total, string Message, double? BestValidAccuracy);
