namespace NasSharp.Strategies;

/// <summary>One command-line option of a strategy: <c>nas search --strategy X</c> shows it in its help and writes the
/// value given into the property <paramref name="Property"/> of the strategy's options record.</summary>
/// <param name="Name">The option as typed, e.g. <c>--search-epochs</c>.</param>
/// <param name="Property">The options-record property it sets (C# name, e.g. <c>Epochs</c>).</param>
/// <param name="Description">Help text.</param>
public sealed record StrategyOption(string Name, string Property, string Description);
