using NasSharp.SearchSpaces;

namespace NasSharp.Export;

/// <summary>
/// A small directed acyclic graph describing one cell for drawing: nodes with a label and a kind,
/// edges labelled with op names. Built from a DARTS <see cref="Cell"/> (<see cref="FromCell"/>) or a
/// NAS-Bench-201 genotype (<see cref="FromNb201"/>), and rendered by <see cref="DotWriter"/> and <see cref="SvgWriter"/>.
/// </summary>
public sealed class CellGraph
{
    /// <summary>Id (and label) of the DARTS cell input two cells back.</summary>
    public const string DartsInputPrevPrev = "c_{k-2}";

    /// <summary>Id (and label) of the DARTS cell input one cell back.</summary>
    public const string DartsInputPrev = "c_{k-1}";

    /// <summary>Id (and label) of the DARTS cell output.</summary>
    public const string DartsOutput = "c_{k}";

    /// <summary>Creates a graph, checking that ids are unique, edges join existing nodes and there is no cycle.</summary>
    /// <param name="nodes">The nodes, in drawing order.</param>
    /// <param name="edges">The edges, in drawing order.</param>
    /// <exception cref="ArgumentException">Duplicate node ids, an edge to an unknown node, or a cycle.</exception>
    public CellGraph(IEnumerable<CellGraphNode> nodes, IEnumerable<CellGraphEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(edges);
        Nodes = nodes.ToArray();
        Edges = edges.ToArray();

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Nodes.Count; i++)
        {
            if (!index.TryAdd(Nodes[i].Id, i))
                throw new ArgumentException($"Duplicate node id '{Nodes[i].Id}'.", nameof(nodes));
        }

        foreach (var e in Edges)
        {
            if (!index.ContainsKey(e.From) || !index.ContainsKey(e.To))
                throw new ArgumentException($"Edge {e.From} -> {e.To} joins an unknown node.", nameof(edges));
        }

        if (TopologicalOrder().Count != Nodes.Count)
            throw new ArgumentException("The graph has a cycle.", nameof(edges));
    }

    /// <summary>The nodes, in drawing order.</summary>
    public IReadOnlyList<CellGraphNode> Nodes { get; }

    /// <summary>The edges, in drawing order.</summary>
    public IReadOnlyList<CellGraphEdge> Edges { get; }

    /// <summary>
    /// Builds the graph of a Petridish cell: inputs <c>c_{k-2}</c>, <c>c_{k-1}</c>; each node with one labelled edge
    /// per op (an added node is labelled <c>n (gated)</c>: its ops are concatenated and projected); the output
    /// <c>c_{k}</c> (a sum) fed unlabelled by the output states and labelled <c>gate</c> by each added node.
    /// </summary>
    /// <param name="cell">The cell.</param>
    public static CellGraph FromPetridish(PetridishCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var nodes = new List<CellGraphNode>
        {
            new(DartsInputPrevPrev, DartsInputPrevPrev, CellNodeKind.Input),
            new(DartsInputPrev, DartsInputPrev, CellNodeKind.Input),
        };
        for (int i = 0; i < cell.Nodes.Count; i++)
            nodes.Add(new(StateId(i + 2), cell.Nodes[i].Added ? StateId(i + 2) + " (gated)" : StateId(i + 2), CellNodeKind.Intermediate));
        nodes.Add(new(DartsOutput, DartsOutput, CellNodeKind.Output));
        var edges = new List<CellGraphEdge>();
        for (int i = 0; i < cell.Nodes.Count; i++)
            foreach (var e in cell.Nodes[i].Edges) edges.Add(new(StateId(e.Input), StateId(i + 2), e.Op));
        foreach (var o in cell.Output) edges.Add(new(StateId(o), DartsOutput, null));
        for (int i = 0; i < cell.Nodes.Count; i++)
            if (cell.Nodes[i].Added) edges.Add(new(StateId(i + 2), DartsOutput, "gate"));
        return new CellGraph(nodes, edges);
    }

    /// <summary>
    /// Builds the graph of a recurrent cell: inputs <c>x_t</c> and <c>h_{t-1}</c> into node 0 (labelled with its activation),
    /// node <c>i</c> reading one earlier node (edge labelled with node <c>i</c>'s activation), and every node <c>1..N</c>
    /// averaged into <c>h_t</c> (enas_lm, DARTS).
    /// </summary>
    public static CellGraph FromRecurrent(RecurrentGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        var nodes = new List<CellGraphNode> { new("x_{t}", "x_{t}", CellNodeKind.Input), new("h_{t-1}", "h_{t-1}", CellNodeKind.Input) };
        for (int i = 0; i < genotype.Nodes.Count; i++) nodes.Add(new(i.ToString(System.Globalization.CultureInfo.InvariantCulture), i.ToString(System.Globalization.CultureInfo.InvariantCulture), CellNodeKind.Intermediate));
        nodes.Add(new("h_{t}", "h_{t} (mean)", CellNodeKind.Output));
        var edges = new List<CellGraphEdge> { new("x_{t}", "0", genotype.Nodes[0].Activation), new("h_{t-1}", "0", genotype.Nodes[0].Activation) };
        for (int i = 1; i < genotype.Nodes.Count; i++)
        {
            var input = genotype.Nodes[i].Input;
            if (input < 0 || input >= i) throw new ArgumentException($"Node {i} reads node {input}, which is not available yet.", nameof(genotype));
            edges.Add(new(input.ToString(System.Globalization.CultureInfo.InvariantCulture), i.ToString(System.Globalization.CultureInfo.InvariantCulture), genotype.Nodes[i].Activation));
        }
        for (int i = genotype.Nodes.Count > 1 ? 1 : 0; i < genotype.Nodes.Count; i++)
            edges.Add(new(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "h_{t}", null));
        return new CellGraph(nodes, edges);
    }

    /// <summary>
    /// Builds the graph of a DARTS cell exactly as DARTS <c>cnn/visualize.py</c> draws it: inputs
    /// <c>c_{k-2}</c> and <c>c_{k-1}</c>, intermediate nodes <c>0..B-1</c> with their two op edges each,
    /// and the output <c>c_{k}</c> fed (unlabelled) by the states in <see cref="Cell.Concat"/>.
    /// </summary>
    /// <param name="cell">The cell.</param>
    /// <returns>The graph: <c>B + 3</c> nodes, <c>2B + |concat|</c> edges.</returns>
    /// <exception cref="ArgumentException">An edge or concat entry refers to a state that does not exist yet.</exception>
    public static CellGraph FromCell(Cell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (cell.Edges.Count % 2 != 0)
            throw new ArgumentException("A cell needs two edges per node.", nameof(cell));

        int steps = cell.Nodes;
        var nodes = new List<CellGraphNode>
        {
            new(DartsInputPrevPrev, DartsInputPrevPrev, CellNodeKind.Input),
            new(DartsInputPrev, DartsInputPrev, CellNodeKind.Input),
        };
        for (int i = 0; i < steps; i++)
            nodes.Add(new(StateId(i + 2), StateId(i + 2), CellNodeKind.Intermediate));
        nodes.Add(new(DartsOutput, DartsOutput, CellNodeKind.Output));

        var edges = new List<CellGraphEdge>();
        for (int i = 0; i < steps; i++)
        {
            foreach (var e in new[] { cell.Edges[2 * i], cell.Edges[2 * i + 1] })
            {
                if (e.Input < 0 || e.Input >= i + 2)
                    throw new ArgumentException($"Node {i} reads state {e.Input}, which is not available yet.", nameof(cell));
                edges.Add(new(StateId(e.Input), StateId(i + 2), e.Op));
            }
        }

        foreach (int c in cell.Concat)
        {
            if (c < 0 || c >= steps + 2)
                throw new ArgumentException($"Concat index {c} is out of range.", nameof(cell));
            edges.Add(new(StateId(c), DartsOutput, null));
        }

        return new CellGraph(nodes, edges);
    }

    /// <summary>
    /// Builds the graph of a NAS-Bench-201 cell: nodes <c>0..3</c> (0 input, 3 output), one edge per op
    /// labelled with its name; <c>none</c> edges are left out.
    /// </summary>
    /// <param name="genotype">The genotype (six ops).</param>
    /// <returns>The graph: 4 nodes and one edge per op that is not <c>none</c>.</returns>
    /// <exception cref="ArgumentException">The genotype does not have six ops.</exception>
    public static CellGraph FromNb201(Nb201Genotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        if (genotype.Ops.Count != Nb201Genotype.EdgeNodes.Count)
            throw new ArgumentException($"A NAS-Bench-201 cell has {Nb201Genotype.EdgeNodes.Count} ops.", nameof(genotype));

        var nodes = Enumerable.Range(0, 4).Select(i => new CellGraphNode(
            i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            i == 0 ? CellNodeKind.Input : i == 3 ? CellNodeKind.Output : CellNodeKind.Intermediate));

        var edges = new List<CellGraphEdge>();
        for (int k = 0; k < genotype.Ops.Count; k++)
        {
            string op = genotype.Ops[k];
            if (op == OpNames.None) continue;
            var (to, from) = Nb201Genotype.EdgeNodes[k];
            edges.Add(new(
                from.ToString(System.Globalization.CultureInfo.InvariantCulture),
                to.ToString(System.Globalization.CultureInfo.InvariantCulture),
                op));
        }

        return new CellGraph(nodes, edges);
    }

    /// <summary>
    /// Builds the graph of an ENAS macro network: the stem, one node per layer (<c>L0</c>, <c>L1</c>, ...) fed by the
    /// node before it through an edge labelled with the layer's op, an unlabelled edge per skip connection (from the
    /// stem or the layer the skip names, as <see cref="EnasMacroLayer.Skips"/> defines), and the output.
    /// </summary>
    /// <param name="genotype">The network.</param>
    /// <returns>The graph: <c>L + 2</c> nodes.</returns>
    public static CellGraph FromMacro(EnasMacroGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        static string Id(int node) => node == 0 ? "stem" : "L" + (node - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var count = genotype.Layers.Count;
        var nodes = new List<CellGraphNode> { new("stem", "stem", CellNodeKind.Input) };
        nodes.AddRange(Enumerable.Range(1, count).Select(n => new CellGraphNode(Id(n), Id(n), CellNodeKind.Intermediate)));
        nodes.Add(new CellGraphNode("output", "output", CellNodeKind.Output));
        var edges = new List<CellGraphEdge>();
        for (int i = 0; i < count; i++)
        {
            edges.Add(new(Id(i), Id(i + 1), genotype.Layers[i].Op));
            edges.AddRange(genotype.Layers[i].Skips.Select(j => new CellGraphEdge(Id(j), Id(i + 1), null)));
        }
        edges.Add(new(Id(count), "output", null));
        return new CellGraph(nodes, edges);
    }

    /// <summary>Node indices in a topological order (stable: ties keep node order); shorter than
    /// <see cref="Nodes"/> when there is a cycle.</summary>
    internal IReadOnlyList<int> TopologicalOrder()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Nodes.Count; i++) index[Nodes[i].Id] = i;
        var indegree = new int[Nodes.Count];
        var successors = Enumerable.Range(0, Nodes.Count).Select(_ => new List<int>()).ToArray();
        foreach (var e in Edges)
        {
            successors[index[e.From]].Add(index[e.To]);
            indegree[index[e.To]]++;
        }

        var ready = new SortedSet<int>(Enumerable.Range(0, Nodes.Count).Where(i => indegree[i] == 0));
        var order = new List<int>();
        while (ready.Count > 0)
        {
            int v = ready.Min;
            ready.Remove(v);
            order.Add(v);
            foreach (int s in successors[v])
            {
                if (--indegree[s] == 0) ready.Add(s);
            }
        }

        return order;
    }

    /// <summary>Node id of DARTS state <paramref name="state"/> (0, 1 are inputs; 2.. are nodes 0..).</summary>
    private static string StateId(int state) => state switch
    {
        0 => DartsInputPrevPrev,
        1 => DartsInputPrev,
        _ => (state - 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
