using System.Globalization;

namespace NasSharp.SearchSpaces;

/// <summary>
/// ENAS <c>fixed_arc</c> integer strings (melodyguan/enas <c>--child_fixed_arc</c>), in the three ENAS spaces.
/// Integers are separated by whitespace or commas; Format writes them separated by single spaces.
/// </summary>
public static class EnasFixedArc
{
    /// <summary>
    /// Parses a macro arc (<c>general_child.py</c>, whole-channels mode): for each layer <c>i</c>, the op id
    /// (<see cref="OpNames.EnasMacro"/> order) followed by <c>i</c> skip bits, one per earlier layer
    /// (1 = skip-connect from it). An L-layer arc has L(L+1)/2 integers.
    /// </summary>
    /// <param name="text">The integers.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArchitectureFormatException">Wrong count, op id out of range or a skip bit other than 0/1;
    /// the message names the layer.</exception>
    public static EnasMacroGenotype ParseMacro(string text)
    {
        var v = ReadInts(text, "macro fixed_arc");
        var layers = 0;
        while (layers * (layers + 1) / 2 < v.Length) layers++;
        if (v.Length == 0 || layers * (layers + 1) / 2 != v.Length)
            throw new ArchitectureFormatException(
                $"macro fixed_arc: expected L(L+1)/2 integers for L layers (op id, then one skip bit per earlier layer), " +
                $"got {v.Length}; nearest valid counts: {(layers - 1) * layers / 2} ({layers - 1} layers), " +
                $"{layers * (layers + 1) / 2} ({layers} layers)");
        var result = new List<EnasMacroLayer>(layers);
        var pos = 0;
        for (var i = 0; i < layers; i++)
        {
            var id = v[pos++];
            var op = OpId(id, OpNames.EnasMacro, $"macro layer {i}");
            var skips = new List<int>();
            for (var j = 0; j < i; j++, pos++)
            {
                if (v[pos] is not (0 or 1))
                    throw new ArchitectureFormatException($"macro layer {i} skip bit {j}: expected 0 or 1, got {v[pos]}");
                if (v[pos] == 1) skips.Add(j);
            }
            result.Add(new EnasMacroLayer(op, skips));
        }
        return new EnasMacroGenotype(result);
    }

    /// <summary>Prints a macro arc (see <see cref="ParseMacro"/>).</summary>
    /// <param name="genotype">The network; ops must be in <see cref="OpNames.EnasMacro"/>.</param>
    /// <returns>Space-separated integers.</returns>
    /// <exception cref="ArchitectureFormatException">The network is not a valid macro network.</exception>
    public static string FormatMacro(EnasMacroGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        GenotypeValidation.ValidateMacro(genotype, OpNames.EnasMacro);
        var v = new List<int>();
        for (var i = 0; i < genotype.Layers.Count; i++)
        {
            var layer = genotype.Layers[i];
            v.Add(IndexOf(OpNames.EnasMacro, layer.Op));
            for (var j = 0; j < i; j++) v.Add(layer.Skips.Contains(j) ? 1 : 0);
        }
        return Join(v);
    }

    /// <summary>
    /// Parses a micro arc (<c>micro_child.py</c>): the normal cell then the reduction cell, each with 4 integers per
    /// node, <c>x_id x_op y_id y_op</c>; ids index states (0, 1 = cell inputs, 2.. = earlier nodes), ops index
    /// <see cref="OpNames.EnasMicro"/>. Each cell's concat is its loose ends (states no node reads), as in ENAS.
    /// </summary>
    /// <param name="text">The integers (8 per node).</param>
    /// <returns>The genotype, with community op names.</returns>
    /// <exception cref="ArchitectureFormatException">Wrong count, id or op out of range; the message names the
    /// cell, node and slot.</exception>
    public static CellGenotype ParseMicro(string text)
    {
        var v = ReadInts(text, "micro fixed_arc");
        if (v.Length == 0 || v.Length % 8 != 0)
            throw new ArchitectureFormatException(
                $"micro fixed_arc: expected 8·B integers for B nodes (normal then reduce cell, 4 per node: " +
                $"x_id x_op y_id y_op), got {v.Length}");
        var b = v.Length / 8;
        return new CellGenotype(MicroCell(v.AsSpan(0, 4 * b), "normal"), MicroCell(v.AsSpan(4 * b, 4 * b), "reduce"));
    }

    /// <summary>Prints a micro arc (see <see cref="ParseMicro"/>).</summary>
    /// <param name="genotype">The genotype: both cells with the same number of nodes, ops in
    /// <see cref="OpNames.EnasMicro"/>, and each concat equal to the cell's loose ends.</param>
    /// <returns>Space-separated integers.</returns>
    /// <exception cref="ArchitectureFormatException">The genotype cannot be written as an ENAS micro arc.</exception>
    public static string FormatMicro(CellGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        GenotypeValidation.ValidateCellGenotype(genotype, OpNames.EnasMicro);
        if (genotype.Normal.Nodes != genotype.Reduce.Nodes)
            throw new ArchitectureFormatException(
                $"micro fixed_arc: normal cell has {genotype.Normal.Nodes} nodes, reduce cell {genotype.Reduce.Nodes}; ENAS needs equal counts");
        var v = new List<int>();
        foreach (var (cell, label) in new[] { (genotype.Normal, "normal"), (genotype.Reduce, "reduce") })
        {
            var loose = cell.LooseEnds();
            if (!cell.Concat.SequenceEqual(loose))
                throw new ArchitectureFormatException(
                    $"{label} concat: ENAS concatenates the loose ends [{string.Join(", ", loose)}], " +
                    $"got [{string.Join(", ", cell.Concat)}]");
            foreach (var e in cell.Edges)
            {
                v.Add(e.Input);
                v.Add(IndexOf(OpNames.EnasMicro, e.Op));
            }
        }
        return Join(v);
    }

    /// <summary>
    /// Parses a recurrent arc (<c>ptb_enas_child.py</c>): node 0's activation id, then for each node
    /// <c>i = 1..N-1</c> the node it reads (<c>0..i-1</c>) and its activation id (<see cref="ActivationNames.Enas"/>
    /// order). An N-node arc has 2N-1 integers.
    /// </summary>
    /// <param name="text">The integers.</param>
    /// <returns>The cell.</returns>
    /// <exception cref="ArchitectureFormatException">Wrong count, input or activation out of range; the message
    /// names the node.</exception>
    public static RecurrentGenotype ParseRecurrent(string text)
    {
        var v = ReadInts(text, "recurrent fixed_arc");
        if (v.Length % 2 != 1)
            throw new ArchitectureFormatException(
                $"recurrent fixed_arc: expected 2N-1 integers for N nodes (activation of node 0, then " +
                $"'input activation' per node), got {v.Length}");
        var nodes = new List<RecurrentNode>
        {
            new(RecurrentNode.CellInput, OpId(v[0], ActivationNames.Enas, "recurrent node 0", "activation")),
        };
        for (var i = 1; i <= v.Length / 2; i++)
        {
            var input = v[2 * i - 1];
            if (input < 0 || input >= i)
                throw new ArchitectureFormatException($"recurrent node {i}: input {input} out of range 0..{i - 1}");
            nodes.Add(new RecurrentNode(input, OpId(v[2 * i], ActivationNames.Enas, $"recurrent node {i}", "activation")));
        }
        return new RecurrentGenotype(nodes);
    }

    /// <summary>Prints a recurrent arc (see <see cref="ParseRecurrent"/>).</summary>
    /// <param name="genotype">The cell; activations must be in <see cref="ActivationNames.Enas"/>.</param>
    /// <returns>Space-separated integers.</returns>
    /// <exception cref="ArchitectureFormatException">The cell is not a valid ENAS recurrent cell.</exception>
    public static string FormatRecurrent(RecurrentGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        GenotypeValidation.ValidateRecurrent(genotype, ActivationNames.Enas);
        var v = new List<int> { IndexOf(ActivationNames.Enas, genotype.Nodes[0].Activation) };
        foreach (var n in genotype.Nodes.Skip(1))
        {
            v.Add(n.Input);
            v.Add(IndexOf(ActivationNames.Enas, n.Activation));
        }
        return Join(v);
    }

    /// <summary>
    /// Parses a google-research enas_lm recurrent arc (<c>fixed_lib.py</c> <c>--fixed_arc</c>): for each node
    /// <c>i = 1..N</c> the node it reads (<c>0..i-1</c>, node 0 being the highway step on <c>[x_t, h_{t-1}]</c>, always tanh)
    /// and its activation id in <see cref="ActivationNames.EnasLm"/> order. An arc of N nodes after node 0 has 2N integers.
    /// </summary>
    /// <exception cref="ArchitectureFormatException">Odd or zero count, input or activation out of range; the message names the node.</exception>
    public static RecurrentGenotype ParseRecurrentLm(string text)
    {
        var v = ReadInts(text, "enas_lm fixed_arc");
        if (v.Length == 0 || v.Length % 2 != 0)
            throw new ArchitectureFormatException(
                $"enas_lm fixed_arc: expected 2N integers for N nodes ('input activation' per node), got {v.Length}");
        var nodes = new List<RecurrentNode> { new(RecurrentNode.CellInput, ActivationNames.Tanh) };
        for (var i = 1; i <= v.Length / 2; i++)
        {
            var input = v[2 * i - 2];
            if (input < 0 || input >= i)
                throw new ArchitectureFormatException($"enas_lm fixed_arc node {i}: input {input} out of range 0..{i - 1}");
            nodes.Add(new RecurrentNode(input, OpId(v[2 * i - 1], ActivationNames.EnasLm, $"enas_lm fixed_arc node {i}", "activation")));
        }
        return new RecurrentGenotype(nodes);
    }

    /// <summary>Prints an enas_lm recurrent arc (see <see cref="ParseRecurrentLm"/>), or null when the cell has no such
    /// form (node 0 not tanh, or no node after it).</summary>
    public static string? FormatRecurrentLm(RecurrentGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        if (genotype.Nodes.Count < 2 || genotype.Nodes[0].Activation != ActivationNames.Tanh) return null;
        GenotypeValidation.ValidateRecurrent(genotype, ActivationNames.EnasLm);
        var v = new List<int>();
        foreach (var n in genotype.Nodes.Skip(1))
        {
            v.Add(n.Input);
            v.Add(IndexOf(ActivationNames.EnasLm, n.Activation));
        }
        return Join(v);
    }

    private static Cell MicroCell(ReadOnlySpan<int> v, string label)
    {
        var edges = new List<OpEdge>();
        for (var node = 0; node < v.Length / 4; node++)
            for (var k = 0; k < 2; k++)
            {
                var slot = k == 0 ? "x" : "y";
                var id = v[4 * node + 2 * k];
                var op = v[4 * node + 2 * k + 1];
                if (id < 0 || id > node + 1)
                    throw new ArchitectureFormatException(
                        $"micro {label} node {node} {slot}_id: input {id} out of range 0..{node + 1}");
                edges.Add(new OpEdge(OpId(op, OpNames.EnasMicro, $"micro {label} node {node} {slot}_op"), id));
            }
        var cell = new Cell(edges, [0]);
        return new Cell(edges, cell.LooseEnds());
    }

    private static string OpId(int id, IReadOnlyList<string> names, string position, string noun = "op")
    {
        if (id >= 0 && id < names.Count) return names[id];
        throw new ArchitectureFormatException(position, $"{noun} id {id} out of range 0..{names.Count - 1}",
            $"{noun}s", names.Select((n, i) => $"{i}={n}"));
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
            if (names[i] == name) return i;
        return -1;
    }

    private static int[] ReadInts(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split([' ', '\t', '\r', '\n', ','], StringSplitOptions.RemoveEmptyEntries);
        var v = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v[i]))
                throw new ArchitectureFormatException($"{what} integer {i}: '{parts[i]}' is not an integer");
        return v;
    }

    private static string Join(IEnumerable<int> v) =>
        string.Join(' ', v.Select(x => x.ToString(CultureInfo.InvariantCulture)));
}
