namespace NasSharp.Training;

/// <summary>Everything a language-model training run depends on (written as the model folder's <c>config.json</c>).</summary>
/// <param name="Architecture">A recurrent cell (published name, file or text) or <c>lstm</c> for the baseline.</param>
/// <param name="Data">Corpus name or folder (<see cref="Data.Text.CorpusCatalog"/>).</param>
/// <param name="DataDir">Folder where corpus names are looked up; null: <c>$NASSHARP_DATA</c>, then ../shared/data.</param>
/// <param name="Options">The recipe.</param>
public sealed record LanguageModelJobConfig(string Architecture, string Data, string? DataDir, LanguageModelOptions Options);
