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
/// <param name="Binary">Build BATS's binary network (DARTS-format cells) and train it in two stages
/// (<see cref="TwoStageBinaryTraining"/>): <see cref="TrainingOptions.Epochs"/> epochs with binary activations and
/// real weights, then <paramref name="Stage2Epochs"/> fully binary. Default false.</param>
/// <param name="BinaryGroups">Conv groups of the binary network. Default 12 (BATS).</param>
/// <param name="Stage2Epochs">Stage-2 epochs of a binary run; 0 = as many as stage 1. Default 0.</param>
public sealed record TrainJobConfig(
    string Architecture, string Data, string? DataDir, int Channels, int Layers, bool Auxiliary,
    TrainingOptions Training, int TrainLimit = 0, bool Binary = false, int BinaryGroups = Ops.Binary.BinaryCellOps.DefaultGroups,
    int Stage2Epochs = 0)
{
    /// <summary>Checks the network size and <see cref="Training"/>; <see cref="TrainJob.Run"/> calls it before writing anything.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names its <c>nas train</c> option.</exception>
    public void Validate()
    {
        SettingCheck.Require(Channels >= 1, "Network", nameof(Channels), "--channels", "at least 1", Channels);
        SettingCheck.Require(Layers >= 1, "Network", nameof(Layers), "--layers", "at least 1", Layers);
        SettingCheck.Require(TrainLimit >= 0, "Data", nameof(TrainLimit), "--train-limit", "0 (all) or more", TrainLimit);
        SettingCheck.Require(BinaryGroups >= 1, "Network", nameof(BinaryGroups), "--binary-groups", "at least 1", BinaryGroups);
        SettingCheck.Require(Stage2Epochs >= 0, "Training", nameof(Stage2Epochs), "--stage2-epochs", "0 (as --epochs) or more", Stage2Epochs);
        if (Binary) new Ops.Binary.BinaryCellOps(BinaryGroups).CheckChannels(Channels);
        Training.Validate();
    }
}
