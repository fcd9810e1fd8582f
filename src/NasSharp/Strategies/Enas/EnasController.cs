namespace NasSharp.Strategies.Enas;

using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// The ENAS controller (Pham et al. 2018, section 2): a one-layer LSTM that takes the architecture's decisions one at
/// a time, each decision's embedding being the next input and a learned <c>g_emb</c> the first. Logits are
/// <c>c·tanh(l/T)</c>. Parameters start uniform in ±0.1 and the LSTM has no bias, as in melodyguan/enas
/// (<c>*_controller.py</c>, <c>common_ops.stack_lstm</c>).
/// </summary>
public abstract class EnasController : nn.Module
{
    private const double InitRange = 0.1; // tf.random_uniform_initializer(-0.1, 0.1) in both reference controllers

#pragma warning disable IDE1006 // TorchSharp registers fields by name; keep the reference's parameter names
    /// <summary>The controller LSTM.</summary>
    protected readonly LSTMCell lstm;
    /// <summary>First input of each sequence.</summary>
    protected readonly Parameter g_emb;
    /// <summary>Op embeddings (next input after an op decision).</summary>
    protected readonly Parameter w_emb;
    /// <summary>Op logits from the hidden state.</summary>
    protected readonly Parameter w_soft;
    /// <summary>Attention: projection of the anchors.</summary>
    protected readonly Parameter w_attn_1;
    /// <summary>Attention: projection of the current hidden state.</summary>
    protected readonly Parameter w_attn_2;
    /// <summary>Attention: score vector.</summary>
    protected readonly Parameter v_attn;
#pragma warning restore IDE1006

    /// <summary>Creates the parameters.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="ops">Op names in id order.</param>
    /// <param name="lstmSize">Hidden size (ENAS CIFAR code: 64; the paper says 100).</param>
    /// <param name="tanhConstant">c in <c>c·tanh(l/T)</c>.</param>
    /// <param name="temperature">T; 0 or less: none (the ENAS CIFAR scripts set none).</param>
    protected EnasController(string name, IReadOnlyList<string> ops, int lstmSize, double tanhConstant, double temperature) : base(name)
    {
        Ops = ops;
        LstmSize = lstmSize;
        TanhConstant = tanhConstant;
        Temperature = temperature;
        lstm = nn.LSTMCell(lstmSize, lstmSize, bias: false);
        g_emb = new Parameter(empty(1, lstmSize));
        w_emb = new Parameter(empty(ops.Count, lstmSize));
        w_soft = new Parameter(empty(lstmSize, ops.Count));
        w_attn_1 = new Parameter(empty(lstmSize, lstmSize));
        w_attn_2 = new Parameter(empty(lstmSize, lstmSize));
        v_attn = new Parameter(empty(lstmSize, 1));
    }

    /// <summary>Op names in id order.</summary>
    public IReadOnlyList<string> Ops { get; }

    /// <summary>LSTM hidden size.</summary>
    public int LstmSize { get; }

    /// <summary>The tanh constant c.</summary>
    public double TanhConstant { get; }

    /// <summary>The temperature T (0: none).</summary>
    public double Temperature { get; }

    /// <summary>Draws an architecture, taking every random choice from <paramref name="random"/>.</summary>
    public ControllerSample Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Run(new DecisionTape(random, null));
    }

    /// <summary>Log-probability and entropy of the controller taking exactly <paramref name="architecture"/>.</summary>
    public ControllerSample Score(Architecture architecture) => Run(new DecisionTape(null, Encode(architecture)));

    /// <summary>The decisions that produce <paramref name="architecture"/>, in the order the controller takes them.</summary>
    public abstract int[] Encode(Architecture architecture);

    /// <summary>Takes every decision from <paramref name="tape"/>; returns the architecture and the macro skip penalty.</summary>
    private protected abstract (Architecture Architecture, Tensor? SkipPenalty) Decide(DecisionTape tape);

    /// <summary>Sets every parameter uniform in ±0.1 (call after <c>RegisterComponents</c>).</summary>
    protected void Initialize()
    {
        using var noGrad = no_grad();
        foreach (var p in parameters()) nn.init.uniform_(p, -InitRange, InitRange);
    }

    /// <summary>One LSTM step.</summary>
    protected (Tensor H, Tensor C) Step(Tensor input, (Tensor H, Tensor C) state) => lstm.call(input, state);

    /// <summary>Zero LSTM state.</summary>
    protected (Tensor H, Tensor C) ZeroState() => (zeros(1, LstmSize), zeros(1, LstmSize));

    /// <summary><c>c·tanh(l/T)</c> with c scaled by <paramref name="reduce"/>.</summary>
    protected Tensor Squash(Tensor logits, double reduce = 1)
    {
        if (Temperature > 0) logits = logits / Temperature;
        return tanh(logits) * (TanhConstant / reduce);
    }

    /// <summary>Attention logits of the current state over the anchors: <c>v·tanh(W1·a + W2·h)</c> per anchor.</summary>
    protected Tensor Attention(List<Tensor> anchorsW1, Tensor h) =>
        tanh(cat(anchorsW1, 0) + h.matmul(w_attn_2)).matmul(v_attn).view(-1);

    private ControllerSample Run(DecisionTape tape)
    {
        using var scope = NewDisposeScope();
        var (architecture, penalty) = Decide(tape);
        tape.EnsureConsumed();
        var logProb = tape.LogProbability();
        return new ControllerSample(architecture, tape.Decisions, logProb.MoveToOuterDisposeScope(), tape.Entropy,
            penalty?.MoveToOuterDisposeScope(), tape.OpProbabilities());
    }
}
