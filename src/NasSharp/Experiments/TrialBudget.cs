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
    /// <summary>Use only N images of the search-training part (0: all), class-balanced (see
    /// <see cref="TrainLimitStratified"/>). Default 0.</summary>
    public int TrainLimit { get; init; }
    /// <summary>Whether <see cref="TrainLimit"/> keeps a class-balanced, seeded subset (<c>DataSplit.Stratified</c>) or,
    /// as experiments made before store schema 2 did, the first N images. Default true.</summary>
    public bool TrainLimitStratified { get; init; } = true;
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

    /// <summary>Nesterov momentum. Default false (DARTS; ENAS: true).</summary>
    public bool Nesterov { get; init; }
    /// <summary>L2 weight decay of SGD. Default 3e-4 (DARTS).</summary>
    public double WeightDecay { get; init; } = 3e-4;
    /// <summary>Final learning rate of the cosine schedule (and of each cycle with restarts). Default 0.</summary>
    public double LearningRateMin { get; init; }
    /// <summary>Epochs of the first cosine cycle with warm restarts; 0 = one cosine over all epochs. Default 0.</summary>
    public int RestartPeriod { get; init; }
    /// <summary>Length growth of each cosine cycle after a restart. Default 2.</summary>
    public int RestartMultiplier { get; init; } = 2;
    /// <summary>Dropout probability before the child network's classifier (train mode only); 0 = none. Default 0.</summary>
    public double Dropout { get; init; }
    /// <summary>Where trials train: <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c> (CUDA when available, else
    /// CPU). Default <c>auto</c>.</summary>
    public string Device { get; init; } = "auto";
    /// <summary>The optimiser of each trial: <c>sgd</c> or <c>adam</c> (<see cref="TrainingOptions.Optimizer"/>). Default <c>sgd</c>.</summary>
    public string Optimizer { get; init; } = "sgd";
    /// <summary>Train each trial as BATS's binary network (DARTS-format cells only) in two stages
    /// (<see cref="TwoStageBinaryTraining"/>): <see cref="Epochs"/> epochs with binary activations and real weights, then
    /// <see cref="Stage2Epochs"/> fully binary; the trial's accuracies are the fully binary network's. Default false.</summary>
    public bool Binary { get; init; }
    /// <summary>Conv groups of the binary network. Default 12 (BATS).</summary>
    public int BinaryGroups { get; init; } = Ops.Binary.BinaryCellOps.DefaultGroups;
    /// <summary>Stage-2 epochs of a binary trial; 0 = as many as <see cref="Epochs"/>. Default 0.</summary>
    public int Stage2Epochs { get; init; }

    /// <summary>The trainer settings of a trial seeded with <paramref name="seed"/>: this budget's values, the rest
    /// <see cref="TrainingOptions"/>' defaults (DARTS: SGD momentum 0.9, clip 5, auxiliary weight 0.4).</summary>
    public TrainingOptions ToTrainingOptions(int seed) => new()
    {
        Epochs = Epochs, BatchSize = BatchSize, LearningRate = LearningRate, Seed = seed, DropPath = DropPath, Cutout = Cutout,
        CropPadding = CropPadding, HorizontalFlip = HorizontalFlip, LogEvery = 20, Nesterov = Nesterov, WeightDecay = WeightDecay,
        LearningRateMin = LearningRateMin, RestartPeriod = RestartPeriod, RestartMultiplier = RestartMultiplier, Dropout = Dropout,
        Device = Device, Optimizer = Optimizer,
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
        SettingCheck.Require(RestartPeriod >= 0, "Trial budget", nameof(RestartPeriod), "no option", "0 (no restarts) or more", RestartPeriod);
        SettingCheck.Require(RestartMultiplier >= 1, "Trial budget", nameof(RestartMultiplier), "no option", "at least 1", RestartMultiplier);
        SettingCheck.Require(Dropout >= 0 && Dropout < 1, "Trial budget", nameof(Dropout), "no option", "in [0, 1)", Dropout);
        SettingCheck.Require(BinaryGroups >= 1, "Trial budget", nameof(BinaryGroups), "--binary-groups", "at least 1", BinaryGroups);
        SettingCheck.Require(Stage2Epochs >= 0, "Trial budget", nameof(Stage2Epochs), "--stage2-epochs", "0 (as --epochs) or more", Stage2Epochs);
        if (Binary) new Ops.Binary.BinaryCellOps(BinaryGroups).CheckChannels(Channels);
        Runtime.DeviceSelector.Resolve(Device); // an unknown name or CUDA on a machine without it: "--device cuda: ..."
        ToTrainingOptions(seed: 0).Validate(); // epochs, batch size, lr, lr min, weight decay, cutout, crop, drop-path
    }
}
