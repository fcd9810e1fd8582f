namespace NasSharp.Experiments;

/// <summary>The experiment row of the store.</summary>
/// <param name="Name">Experiment name (default: the folder name).</param>
/// <param name="Strategy">Strategy name, e.g. <c>random</c>.</param>
/// <param name="Space">Search-space name, e.g. <c>nb201</c>.</param>
/// <param name="ConfigJson">The resolved configuration, every default written out.</param>
/// <param name="Seed">Root seed of every random stream.</param>
/// <param name="Status">Current status.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="UpdatedAt">Last status change.</param>
/// <param name="FinishedAt">When the strategy finished, if it has.</param>
public sealed record ExperimentInfo(
    string Name, string Strategy, string Space, string ConfigJson, int Seed, ExperimentStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt);
