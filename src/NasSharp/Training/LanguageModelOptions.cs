namespace NasSharp.Training;

using NasSharp.Networks;

/// <summary>
/// How a word-level language model is trained (<c>nas train --arch &lt;recurrent cell&gt;|lstm</c>): plain SGD whose
/// rate is scaled by window length / BPTT, global gradient clipping, L2 on every weight added to the loss, activation
/// regularisation, variable-length BPTT windows with the hidden state carried (detached) across them, and weight
/// averaging (ASGD-style) once validation perplexity plateaus, as google-research enas_lm <c>fixed_lib.py</c> /
/// <c>fixed.py</c>. Defaults are enas_lm's fixed-arc values at the <see cref="Cpu"/> size; the presets <see cref="Cpu"/> and
/// <see cref="Paper"/> set the rest.
/// </summary>
public sealed record LanguageModelOptions
{
    /// <summary>Embedding = hidden size. Default 200 (cpu); paper 800.</summary>
    public int Hidden { get; init; } = 200;

    /// <summary>Training epochs. Default 4 (cpu); paper 3000.</summary>
    public int Epochs { get; init; } = 4;

    /// <summary>Training batch (rows of the token stream). Default 64 (enas_lm fixed).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>BPTT length (the mean of the variable windows). Default 35.</summary>
    public int Bptt { get; init; } = 35;

    /// <summary>Variable-length windows (enas_lm/AWD-LSTM); false: fixed <see cref="Bptt"/>. Default true.</summary>
    public bool VariableLength { get; init; } = true;

    /// <summary>SGD learning rate. Default 20 (enas_lm).</summary>
    public double LearningRate { get; init; } = 20;

    /// <summary>Global gradient-norm bound. Default 0.25 (enas_lm fixed; the search uses 0.1).</summary>
    public double GradientClip { get; init; } = 0.25;

    /// <summary>L2 coefficient on Σw² of every weight, added to the loss. Default 8e-7 (enas_lm).</summary>
    public double WeightDecay { get; init; } = 8e-7;

    /// <summary>Activation L2 (<c>alpha</c>) on the mean squared cell output. Default 0.7 (enas_lm fixed).</summary>
    public double ActivationL2 { get; init; } = 0.7;

    /// <summary>Activation slowness (<c>beta</c>): mean squared difference of consecutive outputs. Default 0 (enas_lm
    /// fixed; its search uses 1).</summary>
    public double Slowness { get; init; }

    /// <summary>Dropout rates. Default: cpu's (ours, lighter than enas_lm's for a few epochs; see README).</summary>
    public LanguageModelDropout Dropout { get; init; } = CpuDropout;

    /// <summary>Uniform init range of every weight. Default 0.05 (enas_lm fixed).</summary>
    public double InitRange { get; init; } = 0.05;

    /// <summary>Weight averaging starts when an epoch's validation perplexity is above the best of all epochs but the
    /// last <see cref="AverageThreshold"/> (enas_lm <c>best_valid_ppl_threshold</c>). Default 10 (enas_lm fixed).</summary>
    public int AverageThreshold { get; init; } = 10;

    /// <summary>Validation batch (rows). Default 10.</summary>
    public int EvalBatchSize { get; init; } = 10;

    /// <summary>Test batch. Default 1, as enas_lm (one long stream; exact, no row boundaries).</summary>
    public int TestBatchSize { get; init; } = 1;

    /// <summary>Layers of the LSTM baseline. Default 2.</summary>
    public int LstmLayers { get; init; } = 2;

    /// <summary>Random seed. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>A progress line every this many steps. Default 100.</summary>
    public int LogEvery { get; init; } = 100;

    /// <summary>The cpu preset's dropouts: e 0, i 0.1, x 0.2, l 0.1, o 0.2, w 0.</summary>
    public static LanguageModelDropout CpuDropout { get; } = new(0.0, 0.1, 0.2, 0.1, 0.2, 0.0);

    /// <summary>Fits a few epochs on 2 CPU cores: hidden 200, 4 epochs, light dropout, averaging after a 1-epoch plateau.</summary>
    public static LanguageModelOptions Cpu { get; } = new() { AverageThreshold = 1 };

    /// <summary>google-research enas_lm <c>fixed_lib.py</c>: hidden 800, 3000 epochs, batch 64, BPTT 35, lr 20, clip 0.25,
    /// wd 8e-7, alpha 0.7, dropouts e 0.125 i 0.175 x 0.725 l 0.225 o 0.75, init 0.05, averaging threshold 10.</summary>
    public static LanguageModelOptions Paper { get; } = new()
    {
        Hidden = 800, Epochs = 3000, Dropout = LanguageModelDropout.EnasFixed, AverageThreshold = 10,
    };

    /// <summary>Preset names.</summary>
    public static IReadOnlyList<string> Presets { get; } = ["cpu", "paper"];

    /// <summary>The preset called <paramref name="name"/> (<c>quick</c> is taken as <c>cpu</c>).</summary>
    public static LanguageModelOptions Preset(string name) => name.Trim().ToLowerInvariant() switch
    {
        "cpu" or "quick" => Cpu,
        "paper" => Paper,
        _ => throw new ArgumentException($"unknown language-model preset '{name}'; valid: {string.Join(", ", Presets)}", nameof(name)),
    };

    /// <summary>Throws on an out-of-range value, naming the option.</summary>
    public void Validate()
    {
        if (Hidden < 1) throw new ArgumentOutOfRangeException("--hidden", Hidden, "hidden size must be at least 1");
        if (Epochs < 0) throw new ArgumentOutOfRangeException("--epochs", Epochs, "epochs must be at least 0");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException("--batch-size", BatchSize, "batch size must be at least 1");
        if (Bptt < 1) throw new ArgumentOutOfRangeException("--bptt", Bptt, "BPTT length must be at least 1");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException("--lr", LearningRate, "learning rate must be positive");
        if (!(GradientClip > 0)) throw new ArgumentOutOfRangeException("--grad-clip", GradientClip, "gradient clip must be positive");
        if (WeightDecay < 0) throw new ArgumentOutOfRangeException("--weight-decay", WeightDecay, "weight decay must be at least 0");
        Dropout.Validate();
    }
}
