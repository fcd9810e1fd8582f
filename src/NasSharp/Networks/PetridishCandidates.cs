namespace NasSharp.Networks;

using NasSharp.Ops;
using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// Petridish's candidate node in one cell (Hu et al. 2019, Figure 2; archai <c>PetridishOp</c>): one op per
/// (input state, candidate op) pair, each reading <c>sg(state)</c>; their weighted sum <c>Σ w_k op_k(sg(x_k))</c> with
/// the cell type's candidate weights. The cell adds it to its output through <c>sf</c>, so the forward output and the
/// parent's gradients do not change while the weights learn how much each pair would help.
/// </summary>
public sealed class PetridishCandidates : nn.Module<IReadOnlyList<Tensor>, Tensor, Tensor>
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> ops;
    private readonly OpEdge[] _pairs;

    /// <summary>Builds the pairs over <paramref name="states"/> states at width <paramref name="c"/> (ops on states 0 and 1
    /// at stride 2 in a reduction cell), in the order of <see cref="Pairs"/>. The ops are affine, as the layers they become.</summary>
    public PetridishCandidates(int states, int c, bool reduction) : base(nameof(PetridishCandidates))
    {
        _pairs = Pairs(states);
        ops = new ModuleList<nn.Module<Tensor, Tensor>>();
        foreach (var p in _pairs) ops.Add(CellOps.Real.Create(p.Op, c, reduction && p.Input < 2 ? 2 : 1, affine: true));
        RegisterComponents();
    }

    /// <summary>The (op, input state) pairs of a cell with <paramref name="states"/> states: state-major, ops in
    /// <see cref="PetridishSearchSpace.CandidateOps"/> order. Pair <c>k</c> is op <c>k % ops</c> on state <c>k / ops</c>.</summary>
    public static OpEdge[] Pairs(int states) =>
        Enumerable.Range(0, states).SelectMany(s => PetridishSearchSpace.CandidateOps.Select(op => new OpEdge(op, s))).ToArray();

    /// <summary>Index of <paramref name="pair"/> in <see cref="Pairs"/>.</summary>
    /// <exception cref="ArgumentException">Not a candidate op.</exception>
    public static int IndexOf(OpEdge pair)
    {
        var op = PetridishSearchSpace.CandidateOps.ToList().IndexOf(pair.Op);
        if (op < 0) throw new ArgumentException($"'{pair.Op}' is not a Petridish candidate op ({string.Join(", ", PetridishSearchSpace.CandidateOps)}).", nameof(pair));
        return pair.Input * PetridishSearchSpace.CandidateOps.Count + op;
    }

    /// <summary>Whether input 0 passes stop-gradient like every other state. Default true; false when input 0's
    /// preprocessing exists only for the candidates (<see cref="PetridishCellModule.Preprocess0ForCandidatesOnly"/>).</summary>
    public bool StopInput0 { get; init; } = true;

    /// <summary>Whether the candidates reading the same state share their first step (<see cref="ISharedInputOp"/>: the
    /// leading ReLU of the four convs, the pools); default true. False runs every candidate on its own, as petridishnn
    /// does (same forward values, gradients within float rounding).</summary>
    public bool ShareInputWork { get; set; } = true;

    /// <summary>Number of pairs.</summary>
    public int Count => _pairs.Length;

    /// <inheritdoc />
    /// <param name="states">The cell's states.</param>
    /// <param name="weights">The cell type's candidate weights, one per pair.</param>
    public override Tensor forward(IReadOnlyList<Tensor> states, Tensor weights)
    {
        using var scope = NewDisposeScope();
        var stopped = states.Select((s, i) => i == 0 && !StopInput0 ? s : StopOps.StopGradient(s)).ToArray();
        using var shared = new SharedInputWork(ShareInputWork);
        Tensor? sum = null;
        for (var k = 0; k < ops.Count; k++)
        {
            var term = shared.Call(ops[k], stopped[_pairs[k].Input]).mul(weights[k]);
            sum = sum is null ? term : sum.add(term);
        }
        return sum!.MoveToOuterDisposeScope();
    }
}
