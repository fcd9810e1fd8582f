namespace NasSharp.Strategies.Darts;

using NasSharp.Experiments;

/// <summary>The presets of <c>darts</c> and <c>bats</c>: the search options and the retraining budget of each.</summary>
public static class DartsPresets
{
    /// <summary>Preset names: <c>paper</c> (the reference's CIFAR-10 settings) and <c>cpu-small</c> (a real search on two
    /// CPU cores in about half an hour).</summary>
    public static IReadOnlyList<string> Names { get; } = ["paper", "cpu-small"];

    /// <summary>Search options of <paramref name="preset"/> for strategy <paramref name="strategy"/> (<c>darts</c> or
    /// <c>bats</c>) on <paramref name="space"/> (canonical).</summary>
    public static DartsOptions Options(string strategy, string space, string preset)
    {
        var bats = strategy == "bats";
        var nb201 = space == "nb201";
        var paper = new DartsOptions();
        if (nb201)
            // AutoDL-Projects scripts-search/algos/DARTS-V1.sh (the NAS-Bench-201 paper's DARTS): C=16, N=5, 50 epochs,
            // batch 64, DARTS's optimisers; the answer is scored by the table, so no retraining.
            paper = paper with { Channels = 16, Layers = 5 };
        if (bats)
            // BATS keeps DARTS's search loop. The binary blocks' grouped convolutions (12 groups) need C, 2C, 4C divisible
            // by 12: C=24 is the smallest such width above DARTS's 16 (our choice; the paper's search code is unpublished).
            paper = paper with { Binary = true, Temperature = 0.2, Channels = 24, BinaryGroups = 12 };
        if (preset == "paper") return paper with { RetrainEpochs = nb201 ? 0 : bats ? 250 : 600 };
        if (preset != "cpu-small") throw new ArgumentException($"Unknown {strategy} preset '{preset}'. Valid presets: {string.Join(", ", Names)}.", nameof(preset));
        // Two CPU cores: a narrow, shallow supernet, short epochs (a DARTS step here takes 2.6 s, a BATS step 1.55x that: bench/darts-bats-step.cs). α gets
        // 50x fewer steps than DARTS's 50 x 390, so its Adam learning rate is 10x (3e-3) for α to move at all; everything
        // else as the paper.
        var small = paper with
        {
            Epochs = 6, StepsPerEpoch = 60, BatchSize = 32, Channels = 8, Layers = 5, ArchLearningRate = 3e-3, RetrainEpochs = nb201 ? 0 : 3,
            // The supernet's score of its cell on 50 validation batches: the whole half of Fashion-MNIST (30,000 images)
            // takes a BATS supernet ~20 min on one core.
            ScoreBatches = 50,
        };
        if (nb201) small = small with { Channels = 8, Layers = 1, BatchSize = 64, Epochs = 10, StepsPerEpoch = 100 };
        // Binary cpu-small: 12 channels in 4 groups, 3 per group as the reference's 36 channels in 12 groups; 4 epochs, as a
        // BATS step costs 1.55x a DARTS step here (bench/darts-bats-step.cs).
        if (bats) small = small with { Channels = 12, BinaryGroups = 4, Epochs = 4 };
        return small;
    }

    /// <summary>The retraining budget of <paramref name="preset"/>; the search data split halves the training set
    /// (<c>train_search.py</c>'s <c>train_portion 0.5</c>), the first half for ω, the second for α.</summary>
    /// <remarks>The retraining trial trains on the search-training half and is scored on the other half (the trial
    /// runner's split); DARTS's own evaluation trains on the whole training set: for that, retrain the answer with
    /// <c>nas train --arch &lt;genotype&gt; --preset darts</c>.</remarks>
    public static TrialBudget Budget(string strategy, string space, string preset)
    {
        _ = Options(strategy, space, preset); // validates the names
        var bats = strategy == "bats";
        if (space == "nb201")
            return preset == "paper"
                ? new TrialBudget { Epochs = 200, Channels = 16, Layers = 5, BatchSize = 256, LearningRate = 0.1, Nesterov = true, WeightDecay = 5e-4, ValidFraction = 0.5 }
                : new TrialBudget { Epochs = 2, Channels = 8, Layers = 1, BatchSize = 64, LearningRate = 0.05, CropPadding = 0, HorizontalFlip = false, ValidFraction = 0.5, TrainLimit = 10000 };
        if (preset == "paper")
        {
            // DARTS cnn/train.py: 600 epochs, C=36, 20 cells, batch 96, lr 0.025 cosine, wd 3e-4, aux 0.4, cutout 16, drop-path 0.2.
            var darts = new TrialBudget
            {
                Epochs = 600, Channels = 36, Layers = 20, BatchSize = 96, LearningRate = 0.025, WeightDecay = 3e-4, Auxiliary = true, Cutout = 16,
                DropPath = 0.2, ValidFraction = 0.5,
            };
            return bats ? BinaryBudget(darts with { Auxiliary = false, DropPath = 0 }, 12) : darts;
        }
        var small = new TrialBudget
        {
            Epochs = 3, Channels = 16, Layers = 5, BatchSize = 64, LearningRate = 0.05, CropPadding = 0, HorizontalFlip = false, ValidFraction = 0.5,
            TrainLimit = 10000,
        };
        return bats ? BinaryBudget(small with { Channels = 12 }, 4) : small;
    }

    // BATS's retraining, both binary stages (Training.TwoStageBinaryTraining): stage 1 binary activations and real weights
    // for Epochs, stage 2 binary weights for as many more; Adam lr 1e-3 as 1adrianb/binary-networks-pytorch
    // examples/cifar10.py, binary weights without weight decay.
    private static TrialBudget BinaryBudget(TrialBudget budget, int groups) =>
        budget with { Binary = true, BinaryGroups = groups, Optimizer = "adam", LearningRate = 1e-3, Stage2Epochs = 0 };
}
