namespace NasSharp.Networks;

using TorchSharp.Modules;

/// <summary>One set of architecture weights of a differentiable supernet: α of shape [edges, ops].</summary>
/// <param name="Name">The cell type it belongs to: <c>normal</c>, <c>reduce</c> (DARTS) or <c>cell</c> (NAS-Bench-201).</param>
/// <param name="Alpha">The parameter, [<see cref="EdgeLabels"/>.Count, <see cref="Ops"/>.Count].</param>
/// <param name="EdgeLabels">Row labels, <c>to&lt;-from</c> in state numbering (DARTS: 0, 1 are the cell inputs, 2.. the
/// nodes; NAS-Bench-201: node 0 is the cell input).</param>
/// <param name="Ops">Column op names.</param>
public sealed record AlphaGroup(string Name, Parameter Alpha, IReadOnlyList<string> EdgeLabels, IReadOnlyList<string> Ops);
