namespace NasSharp.Strategies.Enas;

using NasSharp.Networks;
using NasSharp.Training;

/// <summary>
/// Settings of the ENAS recurrent-cell search (<c>nas search --strategy enas --space enas-rnn</c>). Defaults are the
/// <c>cpu-small</c> preset; <see cref="Paper"/> is google-research enas_lm's search (<c>child.py</c>, <c>controller.py</c>,
/// <c>search.py</c>).
/// </summary>
public sealed record EnasRecurrentOptions
{
    /// <summary>Nodes after the highway node 0. Default 8: the paper's Figure and the enas_lm fixed arc have 8 (enas_lm's
    /// search flag default is 9, melodyguan's PTB search 12).</summary>
    public int Nodes { get; init; } = 8;

    /// <summary>Search epochs (each: a pass of shared-weight training, then the controller). Default 4 (cpu-small);
    /// paper: 600 (enas_lm child.py num_train_epochs).</summary>
    public int Epochs { get; init; } = 4;

    /// <summary>Shared-weight steps per epoch; 0: one full pass over the training text. Default 0.</summary>
    public int StepsPerEpoch { get; init; }

    /// <summary>Shared-weight training recipe (its hidden size, batch, BPTT are the search's): hidden 200, batch 64 (cpu-small; paper
    /// 128, also the controller's validation windows), BPTT 35, lr 20, clip 0.1, wd 8e-7, beta (slowness) 1, alpha 0, init 0.04 (enas_lm child.py);
    /// dropouts: cpu-small light (0, 0.1, 0.2, 0.1, 0.2), paper enas_lm's search dropouts.</summary>
    public LanguageModelOptions Shared { get; init; } = new()
    {
        Hidden = 200, BatchSize = 64, LearningRate = 20, GradientClip = 0.1, WeightDecay = 8e-7, ActivationL2 = 0, Slowness = 1,
        InitRange = 0.04, Dropout = LanguageModelOptions.CpuDropout, LogEvery = 50,
    };

    /// <summary>Controller LSTM size. Default 64.</summary>
    public int ControllerLstmSize { get; init; } = 64;

    /// <summary>Controller temperature. Default 5.</summary>
    public double Temperature { get; init; } = 5;

    /// <summary>Controller tanh constant. Default 2.25 (enas_lm; the paper's text says 2.5).</summary>
    public double TanhConstant { get; init; } = 2.25;

    /// <summary>Controller Adam learning rate. Default 5e-5 (enas_lm controller_learning_rate).</summary>
    public double ControllerLearningRate { get; init; } = 5e-5;

    /// <summary>Entropy weight added to the reward. Default 1e-5.</summary>
    public double EntropyWeight { get; init; } = 1e-5;

    /// <summary>Baseline decay. Default 0.999.</summary>
    public double BaselineDecay { get; init; } = 0.999;

    /// <summary>Reward = this / validation perplexity. Default 80 (REWARD_CONSTANT).</summary>
    public double RewardConstant { get; init; } = 80;

    /// <summary>Controller updates per epoch. Default 25 (controller_num_train_steps).</summary>
    public int ControllerSteps { get; init; } = 25;

    /// <summary>Samples whose gradients are averaged into one update. Default 10 (controller_num_aggregate).</summary>
    public int ControllerAggregate { get; init; } = 10;

    /// <summary>Cells sampled at the end and scored with the shared weights. Default 10.</summary>
    public int DeriveSamples { get; init; } = 10;

    /// <summary>Validation windows each derived cell is scored on (state carried). Default 20.</summary>
    public int DeriveWindows { get; init; } = 20;

    /// <summary>Retraining of the best cell (<see cref="LanguageModelJob"/> in <c>retrain/</c>); epochs 0: none. Default:
    /// <see cref="LanguageModelOptions.Cpu"/> for 4 epochs.</summary>
    public LanguageModelOptions Retrain { get; init; } = LanguageModelOptions.Cpu;

    /// <summary>Root seed. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>The cpu-small preset (the defaults).</summary>
    public static EnasRecurrentOptions CpuSmall { get; } = new();

    /// <summary>google-research enas_lm's search: batch 128, hidden 200, its dropouts, 600 epochs, and the fixed-arc
    /// retraining of <see cref="LanguageModelOptions.Paper"/>.</summary>
    public static EnasRecurrentOptions Paper { get; } = new()
    {
        Epochs = 600,
        Shared = CpuSmall.Shared with { BatchSize = 128, Dropout = LanguageModelDropout.EnasSearch },
        Retrain = LanguageModelOptions.Paper,
    };

    /// <summary>The preset called <paramref name="name"/>: <c>cpu-small</c> or <c>paper</c>.</summary>
    public static EnasRecurrentOptions Preset(string? name) => (name ?? "cpu-small").Trim().ToLowerInvariant() switch
    {
        "cpu-small" or "cpu" => CpuSmall,
        "paper" => Paper,
        _ => throw new ArgumentException($"unknown enas-rnn preset '{name}'; valid: cpu-small, paper", nameof(name)),
    };
}
