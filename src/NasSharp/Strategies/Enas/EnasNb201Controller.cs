namespace NasSharp.Strategies.Enas;

using NasSharp.SearchSpaces;
using static TorchSharp.torch;

/// <summary>
/// The ENAS controller on the NAS-Bench-201 space: the same LSTM as the micro controller takes one decision per edge
/// (6 edges, in the arch string's order), each an op out of <see cref="OpNames.Nb201"/> with logits <c>c·tanh(W·h / T)</c>;
/// the chosen op's embedding is the next input (AutoDL-Projects <c>search_model_enas_utils.py</c> <c>Controller</c>,
/// which uses a two-layer LSTM of 32 units, tanh constant 2.5 and temperature 5; our LSTM has one layer).
/// </summary>
public sealed class EnasNb201Controller : EnasController
{
    /// <summary>Creates the controller.</summary>
    /// <param name="lstmSize">Hidden size; default 32 (AutoDL-Projects).</param>
    /// <param name="tanhConstant">Default 2.5 (AutoDL-Projects).</param>
    /// <param name="temperature">Default 5 (AutoDL-Projects).</param>
    public EnasNb201Controller(int lstmSize = 32, double tanhConstant = 2.5, double temperature = 5)
        : base(nameof(EnasNb201Controller), OpNames.Nb201, lstmSize, tanhConstant, temperature)
    {
        RegisterComponents();
        Initialize();
    }

    /// <inheritdoc />
    public override int[] Encode(Architecture architecture)
    {
        if (architecture is not Nb201Genotype g) throw new ArgumentException($"expected an nb201 cell, got space '{architecture.Space}'", nameof(architecture));
        return g.Ops.Select(Networks.Nb201SharedCell.OpIndex).ToArray();
    }

    private protected override (Architecture Architecture, Tensor? SkipPenalty) Decide(DecisionTape tape)
    {
        var state = ZeroState();
        Tensor inputs = g_emb;
        var ops = new string[Nb201Genotype.EdgeNodes.Count];
        for (var e = 0; e < ops.Length; e++)
        {
            state = Step(inputs, state);
            var op = tape.Choose(Squash(state.H.matmul(w_soft)).view(-1), $"edge{e}");
            ops[e] = Ops[op];
            inputs = w_emb[op].unsqueeze(0);
        }
        return (new Nb201Genotype(ops), null);
    }
}
