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
    TrainingOptions Training, int TrainLimit = 0)
{
    /// <summary>Checks the network size and <see cref="Training"/>; <see cref="TrainJob.Run"/> calls it before writing anything.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names its <c>nas train</c> option.</exception>
    public void Validate()
    {
        if (Channels < 1) throw new ArgumentException($"Channels (--channels) must be at least 1, got {Channels}.");
        if (Layers < 1) throw new ArgumentException($"Layers (--layers) must be at least 1, got {Layers}.");
        if (TrainLimit < 0) throw new ArgumentException($"TrainLimit (--train-limit) must be 0 (all) or more, got {TrainLimit}.");
        Training.Validate();
    }
}
