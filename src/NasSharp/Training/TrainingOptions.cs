namespace NasSharp.Training;

/// <summary>
/// Hyper-parameters of training a child network from scratch. Defaults are DARTS <c>cnn/train.py</c>'s
/// (batch 96, SGD lr 0.025 momentum 0.9 wd 3e-4, cosine to 0, grad clip 5, auxiliary weight 0.4, drop-path 0.2,
/// cutout off) except <see cref="Epochs"/> (DARTS: 600), which callers set for their budget.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Epochs to train. Default 10.</summary>
    public int Epochs { get; init; } = 10;
    /// <summary>Minibatch size. Default 96 (DARTS).</summary>
    public int BatchSize { get; init; } = 96;
    /// <summary>Initial learning rate. Default 0.025 (DARTS).</summary>
    public double LearningRate { get; init; } = 0.025;
    /// <summary>Final learning rate of the cosine schedule. Default 0 (DARTS: CosineAnnealingLR eta_min 0).</summary>
    public double LearningRateMin { get; init; }
    /// <summary>SGD momentum. Default 0.9.</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>Nesterov momentum. Default false (DARTS); ENAS uses true.</summary>
    public bool Nesterov { get; init; }
    /// <summary>L2 weight decay. Default 3e-4 (DARTS).</summary>
    public double WeightDecay { get; init; } = 3e-4;
    /// <summary>Gradient-norm clip; 0 disables. Default 5.</summary>
    public double GradClip { get; init; } = 5;
    /// <summary>Weight of the auxiliary-head loss (when the network has one). Default 0.4.</summary>
    public double AuxiliaryWeight { get; init; } = 0.4;
    /// <summary>Final drop-path probability, scheduled linearly from 0 over the epochs. Default 0.2.</summary>
    public double DropPath { get; init; } = 0.2;
    /// <summary>Warm-up-free linear schedule position: DARTS sets <c>p · epoch / epochs</c> at each epoch start.</summary>
    public double DropPathAt(int epoch) => DropPath * epoch / Math.Max(1, Epochs);
    /// <summary>Epochs of the first cosine cycle when restarting (SGDR, as ENAS's final training); 0 = no restarts: one
    /// cosine over all <see cref="Epochs"/> (DARTS). Default 0.</summary>
    public int RestartPeriod { get; init; }
    /// <summary>Each cosine cycle after a restart is this many times longer than the one before (only with
    /// <see cref="RestartPeriod"/> &gt; 0). Default 2 (ENAS).</summary>
    public int RestartMultiplier { get; init; } = 2;
    /// <summary>Learning rate for <paramref name="epoch"/> (0-based), stepped once per epoch: cosine from
    /// <see cref="LearningRate"/> to <see cref="LearningRateMin"/> over all epochs (DARTS), or with
    /// <see cref="RestartPeriod"/> &gt; 0 cosine with warm restarts (<see cref="LearningRateSchedule.CosineWithRestarts"/>).</summary>
    public double LearningRateAt(int epoch) => RestartPeriod > 0
        ? LearningRateSchedule.CosineWithRestarts(epoch, LearningRate, LearningRateMin, RestartPeriod, RestartMultiplier)
        : LearningRateSchedule.Cosine(epoch, LearningRate, LearningRateMin, Epochs);
    /// <summary>Dropout probability before the classifier of the network <see cref="TrainJob"/> builds (active in train
    /// mode only); 0 = none. Default 0 (DARTS; ENAS final training: 0.2 micro, 0.5 macro).</summary>
    public double Dropout { get; init; }
    /// <summary>Where to train: <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c> (CUDA when available, else CPU);
    /// see <see cref="Runtime.DeviceSelector.Resolve(string)"/>. Default <c>auto</c>.</summary>
    public string Device { get; init; } = "auto";
    /// <summary>Cutout square side in pixels; 0 disables. Default 0: DARTS <c>train.py</c> has cutout off unless
    /// <c>--cutout</c> is given (then 16, as in its published CIFAR-10 runs).</summary>
    public int Cutout { get; init; }
    /// <summary>Random-crop padding in pixels; 0 disables cropping. Default 4.</summary>
    public int CropPadding { get; init; } = 4;
    /// <summary>Random horizontal flips. Default true.</summary>
    public bool HorizontalFlip { get; init; } = true;
    /// <summary>Seed of every random stream (weights, batches, augmentation, drop-path). Default 0.</summary>
    public int Seed { get; init; }
    /// <summary>The optimiser: <c>sgd</c> (SGD with <see cref="Momentum"/>, <see cref="Nesterov"/> and L2
    /// <see cref="WeightDecay"/>, DARTS) or <c>adam</c> (Adam, betas 0.9/0.999, eps 1e-8, as the binary-network recipe of
    /// 1adrianb/binary-networks-pytorch <c>examples/cifar10.py</c>: two parameter groups, the weights of every
    /// <see cref="Ops.Binary.BinaryConv2d"/> with weight decay 0 and the rest with <see cref="WeightDecay"/>).
    /// Default <c>sgd</c>. Both follow <see cref="LearningRateAt"/> per epoch.</summary>
    public string Optimizer { get; init; } = "sgd";
    /// <summary>The names <see cref="Optimizer"/> accepts.</summary>
    public static IReadOnlyList<string> Optimizers { get; } = ["sgd", "adam"];
    /// <summary>Progress is reported every this many steps (and at each epoch end). Default 50.</summary>
    public int LogEvery { get; init; } = 50;

    /// <summary>Checks every value; the <see cref="Trainer"/> calls it before training.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it, its <c>nas train</c> option
    /// and the valid range.</exception>
    public void Validate()
    {
        SettingCheck.Require(Epochs >= 1, "Training option", nameof(Epochs), "--epochs", "at least 1", Epochs);
        SettingCheck.Require(BatchSize >= 1, "Training option", nameof(BatchSize), "--batch-size", "at least 1", BatchSize);
        SettingCheck.Require(LearningRate > 0 && double.IsFinite(LearningRate), "Training option", nameof(LearningRate), "--lr", "a positive number", LearningRate);
        SettingCheck.Require(LearningRateMin >= 0 && LearningRateMin <= LearningRate, "Training option", nameof(LearningRateMin), "no option", "in [0, LearningRate]", LearningRateMin);
        SettingCheck.Require(Momentum >= 0 && Momentum < 1, "Training option", nameof(Momentum), "no option", "in [0, 1)", Momentum);
        SettingCheck.Require(WeightDecay >= 0 && double.IsFinite(WeightDecay), "Training option", nameof(WeightDecay), "--weight-decay", "0 or more", WeightDecay);
        SettingCheck.Require(GradClip >= 0, "Training option", nameof(GradClip), "no option", "0 (off) or more", GradClip);
        SettingCheck.Require(RestartPeriod >= 0, "Training option", nameof(RestartPeriod), "no option", "0 (no restarts) or more", RestartPeriod);
        SettingCheck.Require(RestartMultiplier >= 1, "Training option", nameof(RestartMultiplier), "no option", "at least 1", RestartMultiplier);
        SettingCheck.Require(Dropout >= 0 && Dropout < 1, "Training option", nameof(Dropout), "no option", "in [0, 1)", Dropout);
        Runtime.DeviceSelector.Resolve(Device); // unknown names and CUDA on a machine without it
        SettingCheck.Require(DropPath >= 0 && DropPath < 1, "Training option", nameof(DropPath), "--drop-path", "in [0, 1)", DropPath);
        SettingCheck.Require(Cutout >= 0, "Training option", nameof(Cutout), "--cutout", "0 (off) or more", Cutout);
        SettingCheck.Require(CropPadding >= 0, "Training option", nameof(CropPadding), "--crop-padding", "0 (off) or more", CropPadding);
        SettingCheck.Require(Optimizer is not null && Optimizers.Contains(Optimizer, StringComparer.Ordinal), "Training option", nameof(Optimizer), "--optimizer", "one of " + string.Join(", ", Optimizers), Optimizer ?? "null");
        SettingCheck.Require(LogEvery >= 1, "Training option", nameof(LogEvery), "--log-every", "at least 1", LogEvery);
    }
}
