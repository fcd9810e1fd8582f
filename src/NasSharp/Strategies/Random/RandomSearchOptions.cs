namespace NasSharp.Strategies;

/// <summary>Random search's options: none beyond the experiment's <see cref="Experiments.ExperimentConfig.Trials"/>
/// (how many architectures to sample) and trial budget.</summary>
public sealed record RandomSearchOptions;
