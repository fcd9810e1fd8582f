namespace NasSharp.Experiments;

using NasSharp.Training;

/// <summary>How each trial is trained and measured by <see cref="TrainingTrialRunner"/>. Defaults make a trial take
/// seconds on CPU with the built-in data; they are written out in the experiment's config.</summary>
public sealed record TrialBudget
{
    /// <summary>Dataset name or path. Default <c>default</c>.</summary>
    public string Data { get; init; } = "default";
    /// <summary>Folder where dataset names are looked up; null: <c>NASSHARP_DATA</c>.</summary>
    public string? DataDir { get; init; }
    /// <summary>Training epochs per trial. Default 1.</summary>
    public int Epochs { get; init; } = 1;
    /// <summary>Initial channels of the child network. Default 8.</summary>
    public int Channels { get; init; } = 8;
    /// <summary>Cells (DARTS space) or cells per stage (NAS-Bench-201). Default 2.</summary>
    public int Layers { get; init; } = 2;
    /// <summary>Minibatch size. Default 64.</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>Initial learning rate (cosine over the trial). Default 0.05.</summary>
    public double LearningRate { get; init; } = 0.05;
    /// <summary>Fraction of the training set held out as the validation set the search is scored on. Default 0.2.
    /// The test set is only reported, never used to choose.</summary>
    public double ValidFraction { get; init; } = 0.2;
    /// <summary>Use only the first N images of the search-training part (0: all). Default 0.</summary>
    public int TrainLimit { get; init; }
    /// <summary>Cutout square side in pixels; 0 disables. Default 0.</summary>
    public int Cutout { get; init; }
    /// <summary>Train with DARTS's auxiliary head (cell networks only; weight 0.4). Default false.</summary>
    public bool Auxiliary { get; init; }
    /// <summary>Final drop-path probability (scheduled linearly from 0). Default 0.</summary>
    public double DropPath { get; init; }
    /// <summary>Random-crop padding in pixels; 0 disables cropping. Default 4 (DARTS, ENAS).</summary>
    public int CropPadding { get; init; } = 4;
    /// <summary>Random horizontal flips. Default true (DARTS, ENAS).</summary>
    public bool HorizontalFlip { get; init; } = true;

    /// <summary>The trainer settings of a trial seeded with <paramref name="seed"/>: this budget's values, the rest
    /// <see cref="TrainingOptions"/>' defaults (DARTS: SGD momentum 0.9, wd 3e-4, cosine to 0, clip 5).</summary>
    public TrainingOptions ToTrainingOptions(int seed) => new()
    {
        Epochs = Epochs, BatchSize = BatchSize, LearningRate = LearningRate, Seed = seed, DropPath = DropPath, Cutout = Cutout,
        CropPadding = CropPadding, HorizontalFlip = HorizontalFlip, LogEvery = 20,
    };

    /// <summary>Checks every value; called by <see cref="Experiment.Create"/> before anything is written.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it, its <c>nas search</c> option and
    /// the valid range.</exception>
    public void Validate()
    {
        SettingCheck.Require(Channels >= 1, "Trial budget", nameof(Channels), "--channels", "at least 1", Channels);
        SettingCheck.Require(Layers >= 1, "Trial budget", nameof(Layers), "--layers", "at least 1", Layers);
        SettingCheck.Require(ValidFraction > 0 && ValidFraction < 1, "Trial budget", nameof(ValidFraction), "--valid-fraction", "between 0 and 1 (exclusive)", ValidFraction);
        SettingCheck.Require(TrainLimit >= 0, "Trial budget", nameof(TrainLimit), "--train-limit", "0 (all) or more", TrainLimit);
        ToTrainingOptions(seed: 0).Validate(); // epochs, batch size, lr, cutout, crop, drop-path
    }
}
