namespace NasSharp.Networks;

using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// The ENAS recurrent cell as a language model (google-research enas_lm <c>child.py</c> / <c>fixed_lib.py</c>
/// <c>_rnn_fn</c>): per time step node 0 is a highway step on <c>[x_t, h_{t-1}]</c>,
/// <c>[h, c] = [x_t, h_{t-1}]·W_prev</c>, <c>s_0 = h_{t-1} + σ(c) ⊙ (f_0(h) − h_{t-1})</c>; node <c>i ≥ 1</c> reads node
/// <c>p_i</c>: <c>[h, c] = s_{p_i}·W_i</c>, <c>s_i = s_{p_i} + σ(c) ⊙ (f_i(h) − s_{p_i})</c>; the cell output and next state
/// are the mean of nodes <c>1..N</c> (enas_lm averages every node, not only the loose ends as melodyguan/enas does).
/// Subclasses say where node weights live: one per node (a stand-alone cell) or one per (node, input, activation)
/// (the ENAS shared model).
/// </summary>
public abstract class RecurrentCellLanguageModel : LanguageModel
{
#pragma warning disable IDE1006
    /// <summary><c>[2H, 2H]</c>: the first node's weights on <c>[x_t, h_{t-1}]</c>.</summary>
    protected readonly Parameter w_prev;
#pragma warning restore IDE1006

    /// <summary>Creates the embedding and <c>W_prev</c>.</summary>
    protected RecurrentCellLanguageModel(string name, int vocabulary, int hidden, int nodes, LanguageModelDropout dropout)
        : base(name, vocabulary, hidden, dropout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        Nodes = nodes;
        w_prev = new Parameter(empty(2 * hidden, 2 * hidden));
    }

    /// <summary>Nodes after node 0 (N).</summary>
    public int Nodes { get; }

    /// <summary>The first node's weights <c>[2H, 2H]</c> (rows: x part, then h part).</summary>
    public Parameter PreviousWeights => w_prev;

    /// <summary>The cell run by <see cref="LanguageModel.Forward"/>.</summary>
    protected abstract RecurrentGenotype Cell { get; }

    /// <summary>The <c>[H, 2H]</c> weights of node <paramref name="node"/> (1-based) reading <paramref name="input"/> with
    /// activation <paramref name="activation"/>.</summary>
    protected abstract Tensor NodeWeights(int node, int input, string activation);

    /// <summary>Sets every parameter uniform in ±<paramref name="initRange"/> (enas_lm: 0.04 search, 0.05 fixed).</summary>
    protected void Initialize(double initRange)
    {
        using var noGrad = no_grad();
        foreach (var p in parameters()) nn.init.uniform_(p, -initRange, initRange);
    }

    /// <inheritdoc />
    public override Tensor InitialState(long batch) => zeros(batch, HiddenSize, device: w_prev.device);

    /// <inheritdoc />
    public override LanguageModelOutput Forward(Tensor tokens, Tensor state)
    {
        var cell = Cell;
        if (cell.Nodes.Count != Nodes + 1)
            throw new ArgumentException($"the cell has {cell.Nodes.Count - 1} nodes after node 0, the model {Nodes}");
        var batch = tokens.shape[0];
        var steps = (int)tokens.shape[1];
        var h = HiddenSize;
        var x = Embed(tokens);
        Tensor? inputMask = null, layerMask = null;
        var dropConnect = training && Dropout.Weight > 0;
        if (training)
        {
            if (Dropout.CellInput > 0) inputMask = Mask([batch, 1, h], Dropout.CellInput);
            if (Dropout.Hidden > 0) layerMask = Mask([batch, h], Dropout.Hidden);
        }
        if (inputMask is not null) x = x * inputMask;
        // The x part of node 0 for every step at once (one matmul instead of one per step; same sums).
        var wx = w_prev.narrow(0, 0, h);
        var wh = w_prev.narrow(0, h, h);
        // DropConnect: an independent mask per weight matrix and window (enas_lm _gen_mask per layer).
        if (dropConnect) wh = wh * Mask([h, 2 * h], Dropout.Weight);
        var xw = x.matmul(wx);
        var weights = new Tensor[Nodes + 1];
        for (var i = 1; i <= Nodes; i++)
        {
            var w = NodeWeights(i, cell.Nodes[i].Input, cell.Nodes[i].Activation);
            weights[i] = dropConnect ? w * Mask([h, 2 * h], Dropout.Weight) : w;
        }
        // Every temporary of a time step is disposed as soon as it is used, as PyTorch frees it when its last Python
        // reference goes: autograd holds its own reference to what the backward needs, and the rest (the pre-activation
        // [h, c] halves, the products before the highway's add, the partial node sums, the node states once averaged)
        // would otherwise live in the caller's dispose scope through the backward: 35 steps x 9 nodes of [batch, 2H]
        // buffers, 180 MB of the enas-rnn-shared-step row's peak (bench/perf, PERF_LIVE=1).
        var outputs = new Tensor[steps];
        var s = state;
        var states = new Tensor[Nodes + 1];
        for (var t = 0; t < steps; t++)
        {
            using (var xt = xw.select(1, t))
            using (var masked = layerMask is null ? null : s * layerMask)
            using (var sh = (masked ?? s).matmul(wh))
            using (var hc = xt + sh)
                states[0] = Highway(s, hc, cell.Nodes[0].Activation);
            for (var i = 1; i <= Nodes; i++)
            {
                var prev = states[cell.Nodes[i].Input];
                using var masked = layerMask is null ? null : prev * layerMask;
                using var hc = (masked ?? prev).matmul(weights[i]);
                states[i] = Highway(prev, hc, cell.Nodes[i].Activation);
            }
            var sum = states[1];
            for (var i = 2; i <= Nodes; i++)
            {
                var next = sum + states[i];
                if (i > 2) sum.Dispose();
                sum = next;
            }
            s = sum / Nodes;
            if (Nodes > 1) sum.Dispose();
            foreach (var node in states) node.Dispose();
            outputs[t] = s;
        }
        var hidden = stack(outputs, 1);
        return new LanguageModelOutput(Logits(hidden), s, hidden);
    }

    /// <summary><c>prev + σ(c) ⊙ (f(h) − prev)</c> with <c>[h, c]</c> the halves of <paramref name="hc"/>.</summary>
    private static Tensor Highway(Tensor prev, Tensor hc, string activation)
    {
        var parts = hc.chunk(2, 1);
        using var h = parts[0];
        using var c = parts[1];
        using var gate = sigmoid(c);
        var f = Activate(h, activation);
        using var delta = f - prev;
        if (!ReferenceEquals(f, h)) f.Dispose();
        using var step = gate * delta;
        return prev + step;
    }

    /// <summary>Applies an activation of <see cref="ActivationNames"/>.</summary>
    public static Tensor Activate(Tensor x, string activation) => activation switch
    {
        ActivationNames.Tanh => tanh(x),
        ActivationNames.Relu => nn.functional.relu(x),
        ActivationNames.Sigmoid => sigmoid(x),
        ActivationNames.Identity => x,
        _ => throw new ArgumentException($"unknown activation '{activation}'; valid: tanh, relu, sigmoid, identity", nameof(activation)),
    };
}
