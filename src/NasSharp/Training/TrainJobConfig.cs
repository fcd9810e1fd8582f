namespace NasSharp.Training;

/// <summary>Everything that defines a <c>nas train</c> run; written out in full as <c>config.json</c>.</summary>
/// <param name="Architecture">The architecture as given (a published name, a file or a genotype string).</param>
/// <param name="Data">Dataset name or path (see <c>DatasetCatalog.Load</c>). Default <c>default</c>.</param>
/// <param name="DataDir">Folder that dataset names are looked up in, or null for <c>NASSHARP_DATA</c>.</param>
/// <param name="Channels">Initial channels C.</param>
/// <param name="Layers">Cells (DARTS space) or cells per stage (NAS-Bench-201).</param>
/// <param name="Auxiliary">Auxiliary head at 2/3 depth (DARTS space).</param>
/// <param name="Training">Optimisation hyper-parameters.</param>
/// <param name="TrainLimit">Use only the first N training images (0: all). For quick runs and tests.</param>
public sealed record TrainJobConfig(
    string Architecture, string Data, string? DataDir, int Channels, int Layers, bool Auxiliary,
    TrainingOptions Training, int TrainLimit = 0);
