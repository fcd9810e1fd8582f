namespace NasSharp.Training;

/// <summary>
/// The training recipes <c>nas train --preset</c> offers. <c>quick</c> (the default) is for budgets of a few epochs
/// on a CPU; <c>darts</c> is DARTS's published CIFAR-10 evaluation.
/// </summary>
public static class TrainPresets
{
    /// <summary>Preset names, default first.</summary>
    public static IReadOnlyList<string> Names { get; } = ["quick", "darts"];

    /// <summary>
    /// <c>quick</c>: C=16, 5 cells, 10 epochs, batch 96, SGD momentum 0.9 lr 0.05 cosine to 0, wd 3e-4, clip 5, no
    /// augmentation, no drop-path, no auxiliary head. Measured on DARTS_V2, 3 epochs of the built-in 10k Fashion-MNIST
    /// subset (test accuracy): DARTS's regularisation (lr 0.025, crop 4 + flip, drop-path 0.2) 83.85%; lr 0.05 and
    /// drop-path 0: 85.95%; also without crop and flip: 89.50%. In a few epochs the network underfits (train accuracy
    /// below test), so regularisation only slows it; for long runs use <c>darts</c> or turn augmentation back on.
    /// <c>darts</c>: DARTS <c>cnn/train.py</c> as run for the paper: C=36, 20 cells, 600 epochs, batch 96, lr 0.025,
    /// wd 3e-4, crop 4 + flip, cutout 16, auxiliary head (weight 0.4), drop-path 0.2.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the valid ones.</exception>
    public static TrainPreset Get(string name) => name.ToLowerInvariant() switch
    {
        "quick" => new TrainPreset("quick", 16, 5, false,
            new TrainingOptions { LearningRate = 0.05, DropPath = 0, CropPadding = 0, HorizontalFlip = false }),
        "darts" => new TrainPreset("darts", 36, 20, true, new TrainingOptions { Epochs = 600, Cutout = 16 }),
        _ => throw new ArgumentException($"Unknown training preset '{name}'; valid presets: {string.Join(", ", Names)}."),
    };
}
