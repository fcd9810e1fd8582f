namespace NasSharp.Strategies.Enas;

using NasSharp.SearchSpaces;
using static TorchSharp.torch;

/// <summary>
/// The ENAS macro controller (melodyguan/enas <c>general_controller.py</c>, whole-channel search): per layer, one op
/// decision, then (from the second layer on) one skip decision per earlier anchor by attention, with logits
/// <c>[−q, q]</c> per anchor. The next input is the mean of the chosen anchors (<c>skip·anchors / (1 + Σskip)</c>).
/// The skip penalty is the KL of <c>sigmoid(logits)</c> to the target <c>[1 − p, p]</c>, averaged over layers,
/// as in the reference; the trainer adds it with weight 0.8.
/// </summary>
public sealed class EnasMacroController : EnasController
{
    private readonly Tensor _skipTargets;

    /// <summary>Creates the controller.</summary>
    /// <param name="space">The macro space (layers, ops).</param>
    /// <param name="lstmSize">Hidden size; default 64 (ENAS <c>main.py</c>).</param>
    /// <param name="tanhConstant">Default 1.5 (<c>cifar10_macro_search.sh</c>).</param>
    /// <param name="skipTarget">Target skip probability p; default 0.4 (<c>cifar10_macro_search.sh</c>).</param>
    /// <param name="temperature">Default none (0).</param>
    public EnasMacroController(EnasMacroSearchSpace space, int lstmSize = 64, double tanhConstant = 1.5, double skipTarget = 0.4,
        double temperature = 0) : base(nameof(EnasMacroController), space.Ops, lstmSize, tanhConstant, temperature)
    {
        Space = space;
        SkipTarget = skipTarget;
        RegisterComponents();
        Initialize();
        _skipTargets = tensor(new[] { (float)(1 - skipTarget), (float)skipTarget }).DetachFromDisposeScope();
    }

    /// <summary>The space sampled.</summary>
    public EnasMacroSearchSpace Space { get; }

    /// <summary>Target skip probability.</summary>
    public double SkipTarget { get; }

    /// <inheritdoc />
    public override int[] Encode(Architecture architecture)
    {
        if (architecture is not EnasMacroGenotype g) throw new ArgumentException($"expected an ENAS macro genotype, got space '{architecture.Space}'", nameof(architecture));
        Space.Validate(g);
        var v = new List<int>();
        for (var i = 0; i < g.Layers.Count; i++)
        {
            v.Add(Space.Ops.ToList().IndexOf(g.Layers[i].Op));
            for (var j = 0; j < i; j++) v.Add(g.Layers[i].Skips.Contains(j) ? 1 : 0);
        }
        return v.ToArray();
    }

    private protected override (Architecture Architecture, Tensor? SkipPenalty) Decide(DecisionTape tape)
    {
        var state = ZeroState();
        Tensor inputs = g_emb;
        var anchors = new List<Tensor>();
        var anchorsW1 = new List<Tensor>();
        var penalties = new List<Tensor>();
        var layers = new List<EnasMacroLayer>();
        for (var layer = 0; layer < Space.Layers; layer++)
        {
            state = Step(inputs, state);
            var op = tape.Choose(Squash(state.H.matmul(w_soft)).view(-1), "layers");
            inputs = w_emb[op].unsqueeze(0);
            state = Step(inputs, state);
            var skips = new List<int>();
            if (layer > 0)
            {
                var query = Attention(anchorsW1, state.H).unsqueeze(1);
                var logits = Squash(cat([-query, query], 1));
                var bits = new float[layer];
                for (var j = 0; j < layer; j++)
                {
                    if (tape.Choose(logits[j]) != 1) continue;
                    bits[j] = 1;
                    skips.Add(j);
                }
                var skipProb = sigmoid(logits);
                penalties.Add((skipProb * (skipProb / _skipTargets).log()).sum());
                inputs = tensor(bits).view(1, -1).matmul(cat(anchors, 0)) / (1 + skips.Count);
            }
            else
            {
                inputs = g_emb;
            }
            anchors.Add(state.H);
            anchorsW1.Add(state.H.matmul(w_attn_1));
            layers.Add(new EnasMacroLayer(Space.Ops[op], skips));
        }
        return (new EnasMacroGenotype(layers), penalties.Count > 0 ? stack(penalties).mean() : null);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _skipTargets.Dispose();
        base.Dispose(disposing);
    }
}
