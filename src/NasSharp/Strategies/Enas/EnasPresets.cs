namespace NasSharp.Strategies.Enas;

using NasSharp.Experiments;

/// <summary>The retraining budget that goes with each ENAS preset (<see cref="EnasOptions.ForSpace"/> holds the search side).</summary>
public static class EnasPresets
{
    /// <summary>Budget of the retraining trial for <paramref name="preset"/>.</summary>
    /// <remarks><c>paper</c>: ENAS <c>cifar10_micro_final.sh</c>: 36 filters, 15 normal cells + 2 reductions, batch 144,
    /// lr 0.05, crop 4 + flip, cutout 16, auxiliary head, drop-path 0.4 (keep_prob 0.6); its 630 epochs are
    /// <see cref="EnasOptions.RetrainEpochs"/>'s to set. <c>cpu-small</c>: an 8-channel, 5-cell child, batch 64, 2 epochs,
    /// no augmentation: in runs this short the child underfits and crop + flip only slow it (see
    /// <see cref="Training.TrainPresets"/>' measurement).</remarks>
    public static TrialBudget Budget(string space, string preset)
    {
        _ = EnasOptions.ForSpace(space, preset); // validates both names
        var macro = space.Equals("enas-macro", StringComparison.OrdinalIgnoreCase);
        return preset.ToLowerInvariant() == "paper"
            // The macro child has no auxiliary head and no drop-path: those settings apply to cell networks only.
            ? new TrialBudget { Epochs = 630, Channels = 36, Layers = 17, BatchSize = 144, LearningRate = 0.05, Cutout = 16, Auxiliary = !macro, DropPath = macro ? 0 : 0.4 }
            : new TrialBudget { Epochs = 2, Channels = 8, Layers = 5, BatchSize = 64, LearningRate = 0.05, CropPadding = 0, HorizontalFlip = false };
    }
}
