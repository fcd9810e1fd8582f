namespace NasSharp.Strategies.Enas;

/// <summary>
/// ENAS hyper-parameters. Defaults are the micro-space CIFAR-10 search of melodyguan/enas
/// (<c>scripts/cifar10_micro_search.sh</c>, <c>src/cifar10/main.py</c>); <see cref="ForSpace"/> gives the macro ones
/// (<c>cifar10_macro_search.sh</c>) and the <c>cpu-small</c> preset. Written out in full in the experiment's config.
/// </summary>
public sealed record EnasOptions
{
    /// <summary>Search epochs (one pass of ω, then the controller). Default 150 (micro; macro 310).</summary>
    public int Epochs { get; init; } = 150;
    /// <summary>Shared-model channels. Default 20 (micro; macro 36).</summary>
    public int Channels { get; init; } = 20;
    /// <summary>Micro: total cells including the two reductions (ENAS: 6 + 2 = 8). Macro: layers (12).</summary>
    public int Layers { get; init; } = 8;
    /// <summary>Micro nodes per cell B. Default 5.</summary>
    public int Nodes { get; init; } = 5;
    /// <summary>Minibatch for ω steps and reward minibatches. Default 160 (micro; macro 128).</summary>
    public int BatchSize { get; init; } = 160;
    /// <summary>ω steps per epoch; 0 = one full pass over the search-training split. Default 0.</summary>
    public int StepsPerEpoch { get; init; }
    /// <summary>Cosine-with-restarts maximum learning rate of ω. Default 0.05.</summary>
    public double LearningRateMax { get; init; } = 0.05;
    /// <summary>Minimum learning rate. Default 0.0005.</summary>
    public double LearningRateMin { get; init; } = 0.0005;
    /// <summary>First restart period in epochs. Default 10.</summary>
    public int RestartPeriod { get; init; } = 10;
    /// <summary>Period multiplier after each restart. Default 2.</summary>
    public int RestartMultiplier { get; init; } = 2;
    /// <summary>L2 regularisation of ω as the reference adds it to the loss (<c>l2·Σw²</c>, so SGD weight decay is twice
    /// this). Default 1e-4 (micro; macro 2.5e-4).</summary>
    public double L2 { get; init; } = 1e-4;
    /// <summary>Gradient-norm clip of ω. Default 5.</summary>
    public double GradClip { get; init; } = 5;
    /// <summary>Controller updates per epoch. Default 30 (micro; macro 50).</summary>
    public int ControllerSteps { get; init; } = 30;
    /// <summary>Sampled architectures whose gradients are averaged per controller update. Default 10 (micro; macro 20).</summary>
    public int ControllerAggregate { get; init; } = 10;
    /// <summary>Controller Adam learning rate. Default 3.5e-3 (micro; macro 1e-3).</summary>
    public double ControllerLearningRate { get; init; } = 3.5e-3;
    /// <summary>Controller Adam β1. Default 0 (the reference's <c>utils.get_train_ops</c>: <c>AdamOptimizer(lr, beta1=0.0,
    /// epsilon=1e-3)</c>; AutoDL-Projects' ENAS on NB201 the same).</summary>
    public double ControllerBeta1 { get; init; }
    /// <summary>Controller Adam ε. Default 1e-3 (same source).</summary>
    public double ControllerEpsilon { get; init; } = 1e-3;
    /// <summary>Controller LSTM hidden size. Default 64 (the CIFAR code; the paper says 100).</summary>
    public int LstmSize { get; init; } = 64;
    /// <summary>Tanh constant c of the logits. Default 1.1 (micro; macro 1.5).</summary>
    public double TanhConstant { get; init; } = 1.1;
    /// <summary>Micro op logits use <c>c / OpTanhReduce</c>. Default 2.5.</summary>
    public double OpTanhReduce { get; init; } = 2.5;
    /// <summary>Logit temperature; 0 = none. Default 0.</summary>
    public double Temperature { get; init; }
    /// <summary>Entropy bonus weight in the reward. Default 1e-4.</summary>
    public double EntropyWeight { get; init; } = 1e-4;
    /// <summary>Moving-average baseline decay. Default 0.99.</summary>
    public double BaselineDecay { get; init; } = 0.99;
    /// <summary>Macro: target skip probability. Default 0.4.</summary>
    public double SkipTarget { get; init; } = 0.4;
    /// <summary>Macro: weight of the skip KL penalty. Default 0.8.</summary>
    public double SkipWeight { get; init; } = 0.8;
    /// <summary>Micro: weight of the shared model's auxiliary-head loss (<c>--child_use_aux_heads</c>, 0.4 as
    /// <c>micro_child.py</c>); 0 = no auxiliary head. Default 0.4 (macro: 0, <c>general_child.py</c> has no aux head).</summary>
    public double AuxiliaryWeight { get; init; } = 0.4;
    /// <summary>Micro: dropout before the shared model's classifier while training, 1 − <c>child_keep_prob</c>
    /// (<c>cifar10_micro_search.sh</c>: keep 0.9). Default 0.1. Micro only: the macro shared model has the reference's keep 0.9
    /// built in (<c>EnasMacroBody.SearchDropout</c>), and the macro presets set 0 here.</summary>
    public double Dropout { get; init; } = 0.1;
    /// <summary>Architectures sampled and scored at the end; the best is kept. Default 10.</summary>
    public int DeriveSamples { get; init; } = 10;
    /// <summary>Epochs to retrain the derived architecture from scratch with the experiment's trial budget; 0 = no
    /// retraining. Default 0.</summary>
    public int RetrainEpochs { get; init; }

    /// <summary>Preset names: <c>paper</c> (the reference's CIFAR-10 settings) and <c>cpu-small</c> (a real search on
    /// two CPU cores in minutes).</summary>
    public static IReadOnlyList<string> Presets { get; } = ["paper", "cpu-small"];

    /// <summary>The options of <paramref name="preset"/> for <paramref name="space"/> (<c>enas-micro</c>, <c>enas-macro</c>
    /// or <c>nb201</c>).</summary>
    public static EnasOptions ForSpace(string space, string preset = "paper")
    {
        var kind = space.ToLowerInvariant() switch
        {
            "enas-micro" => "micro",
            "enas-macro" => "macro",
            "nb201" => "nb201",
            _ => throw new ArgumentException($"ENAS searches the spaces enas-micro, enas-macro and nb201, not '{space}'.", nameof(space)),
        };
        var paper = kind switch
        {
            "macro" => new EnasOptions
            {
                Epochs = 310, Channels = 36, Layers = 12, BatchSize = 128, L2 = 2.5e-4, ControllerSteps = 50, ControllerAggregate = 20,
                ControllerLearningRate = 1e-3, TanhConstant = 1.5, OpTanhReduce = 1, RetrainEpochs = 310, AuxiliaryWeight = 0, Dropout = 0,
            },
            // AutoDL-Projects scripts-search/algos/ENAS.sh + configs/nas-benchmark/algos/ENAS.config (the NB201 paper's
            // ENAS): C=16, N=5, 310 epochs, batch 128, SGD Nesterov 0.05 cosine to 0.0005, weight decay 2.5e-4 (= 2·L2),
            // controller Adam 1e-3, 50 steps x 20 samples, entropy 1e-4, baseline decay 0.99, 100 derive samples; the
            // answer is scored by the NAS-Bench-201 table, so no retraining.
            "nb201" => new EnasOptions
            {
                Epochs = 310, Channels = 16, Layers = 5, BatchSize = 128, L2 = 1.25e-4, LearningRateMax = 0.05, LearningRateMin = 0.0005,
                RestartPeriod = 310, ControllerSteps = 50, ControllerAggregate = 20, ControllerLearningRate = 1e-3, LstmSize = 32,
                TanhConstant = 2.5, OpTanhReduce = 1, Temperature = 5, DeriveSamples = 100, RetrainEpochs = 0, AuxiliaryWeight = 0, Dropout = 0,
            },
            _ => new EnasOptions { RetrainEpochs = 630 }, // cifar10_micro_final.sh: 630 epochs; cifar10_macro_final.sh: 310
        };
        return preset.ToLowerInvariant() switch
        {
            "paper" => paper,
            // Small enough for 2 cores: narrow, shallow shared model, short epochs, fewer controller updates per epoch
            // (each still averages the reference's number of samples); no auxiliary head or dropout in the shared model,
            // as in the main job measured before they existed (whether they pay at this size was not measured).
            "cpu-small" when kind == "nb201" => paper with
            {
                // 25 x 20 controller updates instead of 310 x 50: a 5x learning rate so the policy can move at all (with
                // 1e-3 and 200 updates its entropy stayed at the uniform 9.66 in a trial run).
                Epochs = 25, Channels = 16, Layers = 2, BatchSize = 64, StepsPerEpoch = 100, RestartPeriod = 25, ControllerSteps = 20,
                ControllerAggregate = 10, ControllerLearningRate = 5e-3,
            },
            // Sized for README's main job to fit 5 minutes on 2 cores (issue 14): 6 epochs x 50 shared steps and 5
            // controller updates (was 10 x 100 and 10: 11.1 min with depthwise convs on oneDNN, 18.2 min before them).
            // A 3-epoch retrain (was 2): float rounding alone moved the 2-epoch retrained cell between 74.9% and 80.7%
            // test; with 3 the main job retrained its cell to 85.0% in 3.7 min (README).
            "cpu-small" => paper with
            {
                Epochs = 6, Channels = 8, Layers = kind == "macro" ? 6 : 5, BatchSize = 64, StepsPerEpoch = 50, ControllerSteps = 5,
                ControllerAggregate = 10, RestartPeriod = 6, RetrainEpochs = 3, AuxiliaryWeight = 0, Dropout = 0,
            },
            _ => throw new ArgumentException($"Unknown ENAS preset '{preset}'. Valid presets: {string.Join(", ", Presets)}.", nameof(preset)),
        };
    }

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        Require(Epochs >= 0, nameof(Epochs), "0 or more", Epochs);
        Require(DeriveSamples >= 1, nameof(DeriveSamples), "at least 1", DeriveSamples);
        Require(ControllerAggregate >= 1, nameof(ControllerAggregate), "at least 1", ControllerAggregate);
        Require(ControllerSteps >= 0, nameof(ControllerSteps), "0 or more", ControllerSteps);
        Require(BatchSize >= 1, nameof(BatchSize), "at least 1", BatchSize);
        Require(LstmSize >= 1, nameof(LstmSize), "at least 1", LstmSize);
        Require(Channels >= 2, nameof(Channels), "at least 2", Channels);
        Require(Layers >= 1, nameof(Layers), "at least 1", Layers);
        Require(Nodes >= 1, nameof(Nodes), "at least 1", Nodes);
        Require(StepsPerEpoch >= 0, nameof(StepsPerEpoch), "0 (one pass) or more", StepsPerEpoch);
        Require(RetrainEpochs >= 0, nameof(RetrainEpochs), "0 (no retraining) or more", RetrainEpochs);
        Require(AuxiliaryWeight >= 0, nameof(AuxiliaryWeight), "0 (no auxiliary head) or more", AuxiliaryWeight);
        Require(Dropout is >= 0 and < 1, nameof(Dropout), "in [0, 1)", Dropout);
        Require(ControllerBeta1 is >= 0 and < 1, nameof(ControllerBeta1), "in [0, 1)", ControllerBeta1);
        Require(ControllerEpsilon > 0, nameof(ControllerEpsilon), "positive", ControllerEpsilon);
        Require(BaselineDecay is >= 0 and <= 1, nameof(BaselineDecay), "in [0, 1]", BaselineDecay);
        Require(LearningRateMax > 0 && LearningRateMin >= 0 && LearningRateMin <= LearningRateMax, nameof(LearningRateMin), "in [0, LearningRateMax]", LearningRateMin);
    }

    private static void Require(bool ok, string name, string expected, double value)
    {
        if (!ok)
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"ENAS option {name} must be {expected}, got {value}."));
    }

    /// <summary>Learning rate of ω at <paramref name="epoch"/> (0-based): cosine annealing with warm restarts, stepped per
    /// epoch (reference <c>utils.get_train_ops</c>: <c>lr_min + ½(lr_max − lr_min)(1 + cos(π·T_cur/T_i))</c>).</summary>
    public double LearningRateAt(int epoch) =>
        Training.LearningRateSchedule.CosineWithRestarts(epoch, LearningRateMax, LearningRateMin, RestartPeriod, RestartMultiplier);
}
