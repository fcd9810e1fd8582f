namespace NasSharp.SearchSpaces;

/// <summary>Structural checks shared by the formats and the search spaces; each throws
/// <see cref="ArchitectureFormatException"/> naming the first wrong position.</summary>
internal static class GenotypeValidation
{
    /// <summary>Checks a DARTS-style cell: edge count, op names, input ranges and concat ranges.</summary>
    public static void ValidateCell(Cell cell, string label, IReadOnlyList<string> ops, int? nodes = null)
    {
        if (nodes is int n && cell.Edges.Count != 2 * n)
            throw new ArchitectureFormatException(
                $"{label}: expected {2 * n} edges ({n} nodes × 2), got {cell.Edges.Count}");
        if (cell.Edges.Count == 0 || cell.Edges.Count % 2 != 0)
            throw new ArchitectureFormatException(
                $"{label}: expected a positive even number of edges (2 per node), got {cell.Edges.Count}");
        for (var e = 0; e < cell.Edges.Count; e++)
        {
            var edge = cell.Edges[e];
            if (!ops.Contains(edge.Op, StringComparer.Ordinal))
                throw new ArchitectureFormatException($"{label} edge {e}", $"unknown op '{edge.Op}'", "ops", ops);
            var node = e / 2;
            if (edge.Input < 0 || edge.Input > node + 1)
                throw new ArchitectureFormatException(
                    $"{label} edge {e}: input {edge.Input} out of range 0..{node + 1} for node {node}");
        }
        var states = cell.Nodes + 2;
        if (cell.Concat.Count == 0)
            throw new ArchitectureFormatException($"{label} concat: empty; valid states: 0..{states - 1}");
        for (var c = 0; c < cell.Concat.Count; c++)
            if (cell.Concat[c] < 0 || cell.Concat[c] >= states)
                throw new ArchitectureFormatException(
                    $"{label} concat {c}: state {cell.Concat[c]} out of range 0..{states - 1}");
    }

    /// <summary>Checks both cells of a genotype.</summary>
    public static void ValidateCellGenotype(CellGenotype g, IReadOnlyList<string> ops, int? nodes = null)
    {
        ValidateCell(g.Normal, "normal", ops, nodes);
        ValidateCell(g.Reduce, "reduce", ops, nodes);
    }

    /// <summary>Checks a NAS-Bench-201 cell: six edges, each one of <paramref name="ops"/>.</summary>
    public static void ValidateNb201(Nb201Genotype g, IReadOnlyList<string> ops)
    {
        if (g.Ops.Count != 6)
            throw new ArchitectureFormatException($"NB201: expected 6 edge ops, got {g.Ops.Count}");
        for (var e = 0; e < 6; e++)
            if (!ops.Contains(g.Ops[e], StringComparer.Ordinal))
                throw new ArchitectureFormatException(Nb201Position(e), $"unknown op '{g.Ops[e]}'", "ops", ops);
    }

    /// <summary>Position text of NB201 edge <paramref name="e"/>, e.g. <c>NB201 edge 2 (node 2 ← 1)</c>.</summary>
    public static string Nb201Position(int e) =>
        $"NB201 edge {e} (node {Nb201Genotype.EdgeNodes[e].To} ← {Nb201Genotype.EdgeNodes[e].From})";

    /// <summary>Checks an ENAS macro network: at least one layer, known ops, skips only from earlier layers.</summary>
    public static void ValidateMacro(EnasMacroGenotype g, IReadOnlyList<string> ops, int? layers = null)
    {
        if (layers is int l && g.Layers.Count != l)
            throw new ArchitectureFormatException($"macro: expected {l} layers, got {g.Layers.Count}");
        if (g.Layers.Count == 0) throw new ArchitectureFormatException("macro: expected at least one layer, got 0");
        for (var i = 0; i < g.Layers.Count; i++)
        {
            var layer = g.Layers[i];
            if (!ops.Contains(layer.Op, StringComparer.Ordinal))
                throw new ArchitectureFormatException($"macro layer {i}", $"unknown op '{layer.Op}'", "ops", ops);
            foreach (var s in layer.Skips)
                if (s < 0 || s >= i)
                    throw new ArchitectureFormatException(i == 0
                        ? $"macro layer 0: skip from {s}, but layer 0 has no earlier layers"
                        : $"macro layer {i}: skip from {s} out of range 0..{i - 1}");
        }
    }

    /// <summary>Checks an ENAS recurrent cell: node 0 reads the cell input, node i reads 0..i-1, known
    /// activations.</summary>
    public static void ValidateRecurrent(RecurrentGenotype g, IReadOnlyList<string> activations, int? nodes = null)
    {
        if (nodes is int n && g.Nodes.Count != n)
            throw new ArchitectureFormatException($"recurrent: expected {n} nodes, got {g.Nodes.Count}");
        if (g.Nodes.Count == 0) throw new ArchitectureFormatException("recurrent: expected at least one node, got 0");
        for (var i = 0; i < g.Nodes.Count; i++)
        {
            var node = g.Nodes[i];
            if (i == 0 && node.Input != RecurrentNode.CellInput)
                throw new ArchitectureFormatException(
                    $"recurrent node 0: input {node.Input}, but node 0 reads the cell input ({RecurrentNode.CellInput})");
            if (i > 0 && (node.Input < 0 || node.Input >= i))
                throw new ArchitectureFormatException(
                    $"recurrent node {i}: input {node.Input} out of range 0..{i - 1}");
            if (!activations.Contains(node.Activation, StringComparer.Ordinal))
                throw new ArchitectureFormatException($"recurrent node {i}",
                    $"unknown activation '{node.Activation}'", "activations", activations);
        }
    }

    /// <summary>Checks a Petridish genotype (both cells): nodes with at least one edge, known ops, inputs from earlier
    /// states, an output of distinct seed nodes.</summary>
    public static void ValidatePetridish(PetridishGenotype g, IReadOnlyList<string> ops)
    {
        ValidatePetridishCell(g.Normal, "petridish normal", ops);
        ValidatePetridishCell(g.Reduce, "petridish reduce", ops);
    }

    private static void ValidatePetridishCell(PetridishCell cell, string label, IReadOnlyList<string> ops)
    {
        if (cell.Nodes.Count == 0) throw new ArchitectureFormatException($"{label}: expected at least one node, got 0");
        for (var i = 0; i < cell.Nodes.Count; i++)
        {
            var node = cell.Nodes[i];
            if (node.Edges.Count == 0) throw new ArchitectureFormatException($"{label} node {i}: expected at least one edge, got 0");
            for (var e = 0; e < node.Edges.Count; e++)
            {
                var edge = node.Edges[e];
                if (!ops.Contains(edge.Op, StringComparer.Ordinal))
                    throw new ArchitectureFormatException($"{label} node {i} edge {e}", $"unknown op '{edge.Op}'", "ops", ops);
                if (edge.Input < 0 || edge.Input > i + 1)
                    throw new ArchitectureFormatException($"{label} node {i} edge {e}: input {edge.Input} out of range 0..{i + 1}");
            }
        }
        if (cell.Output.Count == 0) throw new ArchitectureFormatException($"{label} output: empty; list at least one seed node (states 2..{cell.States - 1})");
        for (var o = 0; o < cell.Output.Count; o++)
        {
            var s = cell.Output[o];
            if (s < 2 || s >= cell.States)
                throw new ArchitectureFormatException($"{label} output {o}: state {s} out of range 2..{cell.States - 1} (nodes only)");
            if (cell.Nodes[s - 2].Added)
                throw new ArchitectureFormatException($"{label} output {o}: state {s} is an added node, which joins the output through its gate");
            if (cell.Output.Take(o).Contains(s)) throw new ArchitectureFormatException($"{label} output {o}: state {s} listed twice");
        }
    }
}
