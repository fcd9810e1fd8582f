namespace NasSharp.Strategies.Darts;

using System.Globalization;

/// <summary>
/// DARTS and BATS hyper-parameters. Defaults are DARTS's CIFAR-10 search (quark0/darts <c>cnn/train_search.py</c>,
/// <c>architect.py</c>): 50 epochs, C=16, 8 cells of 4 nodes, batch 64, ω by SGD (lr 0.025 cosine to 0.001, momentum 0.9,
/// weight decay 3e-4, clip 5), α by Adam (lr 3e-4, betas 0.5/0.999, weight decay 1e-3), first order. Written out in full
/// in the experiment's config.
/// </summary>
public sealed record DartsOptions
{
    /// <summary>Search epochs. Default 50.</summary>
    public int Epochs { get; init; } = 50;
    /// <summary>Initial channels C of the supernet. Default 16.</summary>
    public int Channels { get; init; } = 16;
    /// <summary>Cells of the supernet, reductions at 1/3 and 2/3 (DARTS: 8); NAS-Bench-201: cells per stage (AutoDL: 5). Default 8.</summary>
    public int Layers { get; init; } = 8;
    /// <summary>Nodes per DARTS cell. Default 4.</summary>
    public int Nodes { get; init; } = 4;
    /// <summary>Minibatch of ω steps and of α steps. Default 64.</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>ω steps (each after one α step) per epoch; 0 = one pass over the search-training split. Default 0.</summary>
    public int StepsPerEpoch { get; init; }
    /// <summary>Initial learning rate of ω (cosine over the search epochs). Default 0.025.</summary>
    public double LearningRate { get; init; } = 0.025;
    /// <summary>Final learning rate of ω. Default 0.001.</summary>
    public double LearningRateMin { get; init; } = 0.001;
    /// <summary>SGD momentum of ω (also the unrolled step's). Default 0.9.</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>Weight decay of ω (also the unrolled step's). Default 3e-4.</summary>
    public double WeightDecay { get; init; } = 3e-4;
    /// <summary>Gradient-norm clip of ω. Default 5.</summary>
    public double GradClip { get; init; } = 5;
    /// <summary>Adam learning rate of α. Default 3e-4.</summary>
    public double ArchLearningRate { get; init; } = 3e-4;
    /// <summary>Adam weight decay of α. Default 1e-3.</summary>
    public double ArchWeightDecay { get; init; } = 1e-3;
    /// <summary>Adam β1 of α. Default 0.5.</summary>
    public double ArchBeta1 { get; init; } = 0.5;
    /// <summary>Adam β2 of α. Default 0.999.</summary>
    public double ArchBeta2 { get; init; } = 0.999;
    /// <summary>Second-order DARTS: α's gradient through one virtual SGD step of ω, the Hessian-vector product by finite
    /// differences (ε = 0.01 / ‖∇ω'‖). Default false (first order).</summary>
    public bool Unrolled { get; init; }
    /// <summary>Softmax temperature T of the mixing weights softmax(α / T). Default 1 (DARTS); BATS 0.2.</summary>
    public double Temperature { get; init; } = 1;
    /// <summary>Search BATS's binary space (binary activations, real weights; <c>bats_ops.py</c> blocks) instead of
    /// DARTS's real ops. Default false (DARTS); BATS true.</summary>
    public bool Binary { get; init; }
    /// <summary>Groups of the binary blocks' convolutions (BATS: 12); they must divide C, 2C and 4C. Default 12.</summary>
    public int BinaryGroups { get; init; } = 12;
    /// <summary>Validation batches the derived trial is scored on by the supernet (eval mode); 0 = the whole validation
    /// split, as <c>train_search.py</c>'s <c>infer()</c>. Default 0.</summary>
    public int ScoreBatches { get; init; }
    /// <summary>Epochs to retrain the derived architecture from scratch with the experiment's trial budget (BATS: in two
    /// binary stages, the budget's <c>Epochs</c> + <c>Stage2Epochs</c>); 0 = no retraining. Default 0.</summary>
    public int RetrainEpochs { get; init; }

    /// <summary>Checks every value; <paramref name="strategy"/> names the strategy in the message.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate(string strategy = "darts")
    {
        void Require(bool ok, string name, string expected, double value)
        {
            if (!ok) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{strategy} option {name} must be {expected}, got {value}."));
        }
        Require(Epochs >= 0, nameof(Epochs), "0 or more", Epochs);
        Require(Channels >= 2, nameof(Channels), "at least 2", Channels);
        Require(Layers >= 1, nameof(Layers), "at least 1", Layers);
        Require(Nodes >= 1, nameof(Nodes), "at least 1", Nodes);
        Require(BatchSize >= 1, nameof(BatchSize), "at least 1", BatchSize);
        Require(StepsPerEpoch >= 0, nameof(StepsPerEpoch), "0 (one pass) or more", StepsPerEpoch);
        Require(LearningRate > 0, nameof(LearningRate), "positive", LearningRate);
        Require(LearningRateMin >= 0 && LearningRateMin <= LearningRate, nameof(LearningRateMin), "in [0, LearningRate]", LearningRateMin);
        Require(Momentum is >= 0 and < 1, nameof(Momentum), "in [0, 1)", Momentum);
        Require(WeightDecay >= 0, nameof(WeightDecay), "0 or more", WeightDecay);
        Require(GradClip > 0, nameof(GradClip), "positive", GradClip);
        Require(ArchLearningRate > 0, nameof(ArchLearningRate), "positive", ArchLearningRate);
        Require(ArchWeightDecay >= 0, nameof(ArchWeightDecay), "0 or more", ArchWeightDecay);
        Require(ArchBeta1 is >= 0 and < 1, nameof(ArchBeta1), "in [0, 1)", ArchBeta1);
        Require(ArchBeta2 is >= 0 and < 1, nameof(ArchBeta2), "in [0, 1)", ArchBeta2);
        Require(Temperature > 0 && double.IsFinite(Temperature), nameof(Temperature), "a positive number", Temperature);
        Require(BinaryGroups >= 1, nameof(BinaryGroups), "at least 1", BinaryGroups);
        Require(ScoreBatches >= 0, nameof(ScoreBatches), "0 (the whole validation split) or more", ScoreBatches);
        Require(RetrainEpochs >= 0, nameof(RetrainEpochs), "0 (no retraining) or more", RetrainEpochs);
    }

    /// <summary>Learning rate of ω at <paramref name="epoch"/> (0-based): <c>CosineAnnealingLR(T_max = epochs, eta_min)</c>.</summary>
    public double LearningRateAt(int epoch) => Training.LearningRateSchedule.Cosine(epoch, LearningRate, LearningRateMin, Epochs);
}
