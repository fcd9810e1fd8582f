namespace NasSharp.Strategies.Enas;

using NasSharp.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// The ENAS recurrent-cell controller (google-research enas_lm <c>controller.py</c>): for node <c>i = 1..N</c> one LSTM
/// step, then the input node by attention over the earlier nodes' anchors (node 0's anchor is a zero vector), with logits
/// <c>c·tanh(l/T) − (i − j)²/6</c>; the chosen anchor divided by <c>0.1 + i − j</c> is the next input; one more LSTM step
/// gives the activation logits <c>c·tanh(h·W_embᵀ/T)</c> (tied to the activation embeddings), and the activation's
/// embedding is the next input. Parameters start uniform in ±0.01; the LSTM has no bias. Decisions are the enas_lm arc:
/// <c>input, activation</c> per node, activations in <see cref="ActivationNames.EnasLm"/> order.
/// </summary>
public sealed class EnasRecurrentController : EnasController
{
    private const double InitRange = 0.01; // controller.py: tf.random_uniform_initializer(-0.01, 0.01)

    /// <summary>Creates the controller.</summary>
    /// <param name="space">The cell space (nodes N + 1, activations in id order).</param>
    /// <param name="lstmSize">Hidden size; default 64 (controller_hidden_size).</param>
    /// <param name="tanhConstant">Default 2.25 (controller_tanh_constant).</param>
    /// <param name="temperature">Default 5 (controller_temperature).</param>
    public EnasRecurrentController(RecurrentSearchSpace space, int lstmSize = 64, double tanhConstant = 2.25, double temperature = 5)
        : base(nameof(EnasRecurrentController), (space ?? throw new ArgumentNullException(nameof(space))).Activations, lstmSize, tanhConstant, temperature)
    {
        Space = space;
        RegisterComponents();
        using var noGrad = no_grad();
        foreach (var p in parameters()) nn.init.uniform_(p, -InitRange, InitRange);
    }

    /// <summary>The space sampled.</summary>
    public RecurrentSearchSpace Space { get; }

    /// <inheritdoc />
    public override int[] Encode(Architecture architecture)
    {
        if (architecture is not RecurrentGenotype g) throw new ArgumentException($"expected a recurrent cell, got space '{architecture.Space}'", nameof(architecture));
        Space.Validate(g);
        var v = new List<int>();
        foreach (var n in g.Nodes.Skip(1))
        {
            v.Add(n.Input);
            v.Add(Space.Activations.ToList().IndexOf(n.Activation));
        }
        return v.ToArray();
    }

    private protected override (Architecture Architecture, Tensor? SkipPenalty) Decide(DecisionTape tape)
    {
        var state = ZeroState();
        var anchors = new List<Tensor> { zeros(1, LstmSize) };
        var anchorsW1 = new List<Tensor> { zeros(1, LstmSize) };
        Tensor inputs = g_emb;
        var nodes = new List<RecurrentNode> { new(RecurrentNode.CellInput, Space.Activations[0]) };
        for (var layer = 1; layer < Space.Nodes; layer++)
        {
            state = Step(inputs, state);
            var logits = Squash(Attention(anchorsW1, state.H));
            using (var distance = arange(layer, dtype: ScalarType.Float32))
                logits = logits - (layer - distance).square() / 6.0;
            anchors.Add(state.H);
            anchorsW1.Add(state.H.matmul(w_attn_1));
            var input = tape.Choose(logits);
            inputs = anchors[input] / (0.1 + layer - input);
            state = Step(inputs, state);
            var activation = tape.Choose(Squash(state.H.matmul(w_emb.t())).view(-1), "activations");
            inputs = w_emb[activation].unsqueeze(0);
            nodes.Add(new RecurrentNode(input, Space.Activations[activation]));
        }
        return (new RecurrentGenotype(nodes), null);
    }
}
