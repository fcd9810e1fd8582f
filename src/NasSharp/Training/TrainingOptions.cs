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
    /// <summary>Cosine learning rate for <paramref name="epoch"/> (0-based), stepped once per epoch as in DARTS.</summary>
    public double LearningRateAt(int epoch) =>
        LearningRateMin + (LearningRate - LearningRateMin) * (1 + Math.Cos(Math.PI * epoch / Math.Max(1, Epochs))) / 2;
    /// <summary>Cutout square side in pixels; 0 disables. Default 0: DARTS <c>train.py</c> has cutout off unless
    /// <c>--cutout</c> is given (then 16, as in its published CIFAR-10 runs).</summary>
    public int Cutout { get; init; }
    /// <summary>Random-crop padding in pixels; 0 disables cropping. Default 4.</summary>
    public int CropPadding { get; init; } = 4;
    /// <summary>Random horizontal flips. Default true.</summary>
    public bool HorizontalFlip { get; init; } = true;
    /// <summary>Seed of every random stream (weights, batches, augmentation, drop-path). Default 0.</summary>
    public int Seed { get; init; }
    /// <summary>Progress is reported every this many steps (and at each epoch end). Default 50.</summary>
    public int LogEvery { get; init; } = 50;

    /// <summary>Checks every value; the <see cref="Trainer"/> calls it before training.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it, its <c>nas train</c> option
    /// and the valid range.</exception>
    public void Validate()
    {
        static void Check(bool ok, string name, string option, string expected, object value)
        {
            if (!ok) throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Training option {name} ({option}) must be {expected}, got {value}."));
        }
        Check(Epochs >= 1, nameof(Epochs), "--epochs", "at least 1", Epochs);
        Check(BatchSize >= 1, nameof(BatchSize), "--batch-size", "at least 1", BatchSize);
        Check(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), "--lr", "a positive number", LearningRate);
        Check(LearningRateMin >= 0 && LearningRateMin <= LearningRate, nameof(LearningRateMin), "no option", "in [0, LearningRate]", LearningRateMin);
        Check(Momentum >= 0 && Momentum < 1, nameof(Momentum), "no option", "in [0, 1)", Momentum);
        Check(WeightDecay >= 0 && double.IsFinite(WeightDecay), nameof(WeightDecay), "--weight-decay", "0 or more", WeightDecay);
        Check(GradClip >= 0, nameof(GradClip), "no option", "0 (off) or more", GradClip);
        Check(DropPath >= 0 && DropPath < 1, nameof(DropPath), "--drop-path", "in [0, 1)", DropPath);
        Check(Cutout >= 0, nameof(Cutout), "--cutout", "0 (off) or more", Cutout);
        Check(CropPadding >= 0, nameof(CropPadding), "--crop-padding", "0 (off) or more", CropPadding);
        Check(LogEvery >= 1, nameof(LogEvery), "--log-every", "at least 1", LogEvery);
    }
}
