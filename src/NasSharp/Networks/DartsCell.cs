namespace NasSharp.Networks;

using NasSharp.Ops;
using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>One cell of a DARTS/NASNet network built from a <see cref="Cell"/> (DARTS <c>cnn/model.py</c> <c>Cell</c>):
/// two preprocessed inputs, two ops per node summed, concat of the listed states.</summary>
public sealed class DartsCell : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> preprocess0;
    private readonly nn.Module<Tensor, Tensor> preprocess1;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> ops;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> calibrate;
    private readonly int[] _calibrateIndex;
    private readonly int[] _inputs;
    private readonly int[] _concat;
    private readonly bool[] _identity;

    /// <summary>Builds the cell.</summary>
    /// <param name="cell">The genotype cell.</param>
    /// <param name="cPrevPrev">Channels of the cell input k-2.</param>
    /// <param name="cPrev">Channels of the cell input k-1.</param>
    /// <param name="c">Channels of each node.</param>
    /// <param name="reduction">Whether this cell halves resolution (ops on inputs 0 and 1 stride 2).</param>
    /// <param name="reductionPrev">Whether the previous cell reduced (input k-2 then needs a FactorizedReduce).</param>
    /// <param name="family">The op family; default <see cref="CellOps.Real"/> (DARTS's).</param>
    public DartsCell(Cell cell, int cPrevPrev, int cPrev, int c, bool reduction, bool reductionPrev, CellOps? family = null) : base(nameof(DartsCell))
    {
        family ??= CellOps.Real;
        preprocess0 = reductionPrev ? family.PreprocessReduce(cPrevPrev, c, true) : family.Preprocess(cPrevPrev, c, true);
        preprocess1 = family.Preprocess(cPrev, c, true);
        ops = new ModuleList<nn.Module<Tensor, Tensor>>();
        _inputs = new int[cell.Edges.Count];
        _identity = new bool[cell.Edges.Count];
        for (var i = 0; i < cell.Edges.Count; i++)
        {
            var e = cell.Edges[i];
            var stride = reduction && e.Input < 2 ? 2 : 1;
            ops.Add(family.Create(e.Op, c, stride, affine: true));
            _inputs[i] = e.Input;
            _identity[i] = family.IsIdentity(e.Op, stride);
        }
        _concat = cell.Concat.ToArray();
        Multiplier = _concat.Length;
        // A reduction cell whose output concatenates a cell input (ENAS cells concatenate every unused state, inputs
        // included) must bring that input down to the reduced size first: ENAS micro_child.py does this with a
        // factorized reduction of states larger than the output.
        calibrate = new ModuleList<nn.Module<Tensor, Tensor>>();
        _calibrateIndex = [-1, -1];
        if (reduction)
        {
            foreach (var input in _concat.Where(i => i < 2).Distinct())
            {
                _calibrateIndex[input] = calibrate.Count;
                calibrate.Add(family.PreprocessReduce(c, c, true));
            }
        }
        RegisterComponents();
    }

    /// <summary>Number of concatenated states: the output has <c>Multiplier × c</c> channels.</summary>
    public int Multiplier { get; }

    /// <summary>Drop-path probability for non-identity ops while training.</summary>
    public double DropPathProbability { get; set; }

    /// <summary>Whether ops reading the same state share their first step (<see cref="ISharedInputOp"/>: the leading
    /// ReLU, a pool); default true. False runs every op on its own, as DARTS's <c>model.py</c> does (same forward
    /// values, gradients within float rounding).</summary>
    public bool ShareInputWork { get; set; } = true;

    /// <inheritdoc />
    public override Tensor forward(Tensor s0, Tensor s1)
    {
        using var scope = NewDisposeScope();
        var states = new List<Tensor> { preprocess0.call(s0), preprocess1.call(s1) };
        using var shared = new SharedInputWork(ShareInputWork);
        for (var i = 0; i < _inputs.Length / 2; i++)
        {
            var h1 = Branch(2 * i, states, shared);
            var h2 = Branch(2 * i + 1, states, shared);
            states.Add(h1.add(h2));
            // The op outputs go now, not at the cell's end (autograd keeps none of them for the sum): without this a
            // normal cell held its eight op outputs to its end, as PyTorch's DARTS cell does not.
            Release(h1, states);
            Release(h2, states);
        }
        var outputs = _concat.Select(i => i < 2 && _calibrateIndex[i] >= 0 ? calibrate[_calibrateIndex[i]].call(states[i]) : states[i]);
        return torch.cat(outputs.ToArray(), 1).MoveToOuterDisposeScope();
    }

    private static void Release(Tensor h, List<Tensor> states)
    {
        foreach (var state in states)
            if (ReferenceEquals(h, state)) return; // an op that handed back its input's own wrapper
        h.Dispose();
    }

    private Tensor Branch(int edge, List<Tensor> states, SharedInputWork shared)
    {
        var h = shared.Call(ops[edge], states[_inputs[edge]]);
        return training && !_identity[edge] ? DropPath.Apply(h, DropPathProbability) : h;
    }
}
