namespace NasSharp.Networks;

using static TorchSharp.torch;

/// <summary>
/// The two states a chain of DARTS-style cells carries (each cell reads the outputs of the two before it).
/// </summary>
internal static class CellStates
{
    /// <summary>Moves the chain on: <c>(s0, s1) ← (s1, next)</c>, disposing the dropped <paramref name="s0"/> unless it
    /// is still <paramref name="s1"/> (the stem's output feeds the first cell twice). PyTorch frees a cell's output when
    /// the last cell that reads it has run, keeping only what autograd saved; a network's dispose scope would keep every
    /// cell's output to the end of the forward instead, on top of what autograd saves (the ENAS micro supernet's cell
    /// outputs, concatenations of up to five nodes, were most of its 9% more live memory than PyTorch's in
    /// <c>bench/perf</c>'s <c>enas-micro-step</c> with <c>PERF_LIVE=1</c>).</summary>
    /// <param name="s0">The older state; becomes <paramref name="s1"/>.</param>
    /// <param name="s1">The newer state; becomes <paramref name="next"/>.</param>
    /// <param name="next">The output of the cell that read them.</param>
    public static void Advance(ref Tensor s0, ref Tensor s1, Tensor next)
    {
        var dropped = s0;
        s0 = s1;
        s1 = next;
        if (!ReferenceEquals(dropped, s0)) dropped.Dispose();
    }
}
