namespace NasSharp.Strategies.Enas;

using NasSharp.Experiments;

/// <summary>The retraining budget that goes with each ENAS preset (<see cref="EnasOptions.ForSpace"/> holds the search side).</summary>
public static class EnasPresets
{
    /// <summary>Budget of the retraining trial for <paramref name="preset"/>.</summary>
    /// <remarks><c>paper</c> follows the reference's final scripts; both train with SGD Nesterov momentum 0.9, gradient
    /// clip 5 (<c>child_grad_bound</c>) and cosine annealing with warm restarts (T0 = 10 epochs, ×2 each restart) from
    /// 0.05; the reference adds <c>l2·Σw²</c> to the loss, so SGD's weight decay is <c>2·l2</c>.
    /// Micro (<c>cifar10_micro_final.sh</c>): 630 epochs, 36 filters, 15 normal cells + 2 reductions, batch 144, l2 2e-4,
    /// lr down to 1e-4, crop 4 + flip, cutout 16, auxiliary head (0.4), keep_prob 0.8 (dropout 0.2 before the classifier),
    /// drop-path keep 0.6 (0.4, scheduled linearly). Macro (<c>cifar10_macro_final.sh</c>): 310 epochs, 96 filters,
    /// batch 100, l2 2e-4, lr down to 1e-3, crop 4 + flip, keep_prob 0.5; the network has the derived genotype's layers (the
    /// script's fixed arc has 24, so search with <c>--shared-layers 24</c> to match it; the budget's layers do not apply); no auxiliary head or drop-path
    /// (the macro child has neither). <c>cpu-small</c>: an 8-channel, 5-cell child, batch 64, 2 epochs, no augmentation:
    /// in runs this short the child underfits and crop + flip only slow it (see <see cref="Training.TrainPresets"/>'
    /// measurement).</remarks>
    public static TrialBudget Budget(string space, string preset)
    {
        _ = EnasOptions.ForSpace(space, preset); // validates both names
        var macro = space.Equals("enas-macro", StringComparison.OrdinalIgnoreCase);
        if (space.Equals("nb201", StringComparison.OrdinalIgnoreCase))
            // The answer is scored by the NAS-Bench-201 table; a retraining (--retrain N) trains the NB201 network of the
            // benchmark (C=16, N=5) with NB201's own recipe (lr 0.1, Nesterov, wd 5e-4, cosine; hyper-parameters of
            // configs/nas-benchmark/hyper-opts/200E.config) as far as N epochs go. cpu-small: a 2-cell, 8-channel child.
            return preset.ToLowerInvariant() == "paper"
                ? new TrialBudget { Epochs = 200, Channels = 16, Layers = 5, BatchSize = 256, LearningRate = 0.1, Nesterov = true, WeightDecay = 5e-4 }
                : new TrialBudget { Epochs = 2, Channels = 8, Layers = 1, BatchSize = 64, LearningRate = 0.05, CropPadding = 0, HorizontalFlip = false, TrainLimit = 10000 };
        if (preset.ToLowerInvariant() != "paper")
            return new TrialBudget { Epochs = 2, Channels = 8, Layers = 5, BatchSize = 64, LearningRate = 0.05, CropPadding = 0, HorizontalFlip = false };
        var final = new TrialBudget
        {
            LearningRate = 0.05, Nesterov = true, WeightDecay = 2 * 2e-4, RestartPeriod = 10, RestartMultiplier = 2,
            CropPadding = 4, HorizontalFlip = true,
        };
        return macro
            // Layers stays the budget's default: a macro child has its genotype's layers whatever the budget says.
            ? final with { Epochs = 310, Channels = 96, BatchSize = 100, LearningRateMin = 1e-3, Dropout = 0.5 }
            : final with
            {
                Epochs = 630, Channels = 36, Layers = 17, BatchSize = 144, LearningRateMin = 1e-4, Cutout = 16, Auxiliary = true,
                Dropout = 0.2, DropPath = 0.4,
            };
    }
}
