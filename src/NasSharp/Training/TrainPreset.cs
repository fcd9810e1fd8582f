namespace NasSharp.Training;

/// <summary>A named recipe for training a child network from scratch: network size plus optimisation settings.</summary>
/// <param name="Name">Preset name (see <see cref="TrainPresets.Names"/>).</param>
/// <param name="Channels">Initial channels C.</param>
/// <param name="Layers">Cells (DARTS space) or cells per stage (NAS-Bench-201).</param>
/// <param name="Auxiliary">Auxiliary head at 2/3 depth (DARTS space).</param>
/// <param name="Training">Optimisation hyper-parameters.</param>
public sealed record TrainPreset(string Name, int Channels, int Layers, bool Auxiliary, TrainingOptions Training);
