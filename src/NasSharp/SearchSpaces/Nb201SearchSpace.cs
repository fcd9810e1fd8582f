namespace NasSharp.SearchSpaces;

/// <summary>
/// The NAS-Bench-201 cell space: 6 edges × 5 ops = 15,625 cells, enumerated in the benchmark's index order.
/// </summary>
/// <remarks>
/// The index order is that of NAS-Bench-201's <c>generate_meta_info</c>: <c>CellStructure.gen_all</c> (every
/// assignment of <see cref="OpNames.Nb201"/> ops to the edges, the first edge most significant) followed by
/// Python's <c>random.seed(88); random.shuffle(archs)</c>, reproduced here bit for bit.
/// </remarks>
public sealed class Nb201SearchSpace : IMutableSearchSpace
{
    /// <inheritdoc />
    public string Name => "nb201";

    /// <inheritdoc />
    Architecture ISearchSpace.Sample(Random random) => Sample(random);

    /// <inheritdoc />
    Architecture IMutableSearchSpace.Mutate(Architecture parent, Random random) =>
        Mutate(parent as Nb201Genotype ?? throw new ArgumentException(
            $"The nb201 space mutates NAS-Bench-201 cells, not a {parent?.GetType().Name ?? "null"} of space '{parent?.Space}'.", nameof(parent)), random);

    /// <summary>Number of cells in the space.</summary>
    public const int Count = 15_625;

    private static readonly Lazy<(Nb201Genotype[] ByIndex, Dictionary<Nb201Genotype, int> Index)> Table = new(Build);

    /// <summary>The ops, in the benchmark's index order (<see cref="OpNames.Nb201"/>).</summary>
    public IReadOnlyList<string> Ops => OpNames.Nb201;

    /// <summary>All 15,625 cells; element <c>i</c> is benchmark index <c>i</c>.</summary>
    /// <returns>The cells in index order (a cached, shared list).</returns>
    public IReadOnlyList<Nb201Genotype> Enumerate() => Table.Value.ByIndex;

    /// <summary>The cell at a benchmark index.</summary>
    /// <param name="index">0..15624.</param>
    /// <returns>The cell.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside 0..15624.</exception>
    public Nb201Genotype At(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Table.Value.ByIndex[index];
    }

    /// <summary>The benchmark index of a cell.</summary>
    /// <param name="genotype">The cell.</param>
    /// <returns>0..15624.</returns>
    /// <exception cref="ArchitectureFormatException">The cell is not in the space; the message names the edge.</exception>
    public int IndexOf(Nb201Genotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        Validate(genotype);
        return Table.Value.Index[genotype];
    }

    /// <summary>Draws a cell uniformly at random.</summary>
    /// <param name="random">Source of randomness.</param>
    /// <returns>The cell.</returns>
    public Nb201Genotype Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new Nb201Genotype(Enumerable.Range(0, 6).Select(_ => Ops[random.Next(Ops.Count)]).ToArray());
    }

    /// <summary>A child of <paramref name="parent"/> that differs in exactly one edge, as AutoDL-Projects
    /// <c>exps/NATS-algos/regularized_ea.py</c> <c>mutate_topology_func</c> (the NB201 paper's REA): a node is drawn
    /// uniformly from the three, then one of its incoming edges uniformly, so the six edges (arch-string order) have
    /// probabilities 1/3, 1/6, 1/6, 1/9, 1/9, 1/9; the new op is drawn uniformly from the four the edge does not have
    /// (the reference redraws until it differs, which gives the same distribution).</summary>
    /// <param name="parent">A valid cell.</param>
    /// <param name="random">Source of randomness: three draws, <c>Next(3)</c>, <c>Next(node + 1)</c>, <c>Next(4)</c>.</param>
    /// <returns>The child.</returns>
    /// <exception cref="ArchitectureFormatException"><paramref name="parent"/> is not a valid cell.</exception>
    public Nb201Genotype Mutate(Nb201Genotype parent, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Validate(parent);
        var ops = parent.Ops.ToArray();
        var node = random.Next(3);                           // nodes 1, 2, 3 have 1, 2, 3 incoming edges
        var edge = node * (node + 1) / 2 + random.Next(node + 1);
        var current = IndexOfOp(ops[edge]);
        var other = random.Next(Ops.Count - 1);
        ops[edge] = Ops[other >= current ? other + 1 : other];
        return new Nb201Genotype(ops);
    }

    private int IndexOfOp(string op)
    {
        for (var i = 0; i < Ops.Count; i++)
            if (Ops[i] == op) return i;
        throw new ArchitectureFormatException($"'{op}' is not an nb201 op ({string.Join(", ", Ops)}).");
    }

    /// <summary>Checks that a cell has six edges, each one of <see cref="Ops"/>.</summary>
    /// <param name="genotype">The cell.</param>
    /// <exception cref="ArchitectureFormatException">It does not; the message names the edge and lists the ops.</exception>
    public void Validate(Nb201Genotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        GenotypeValidation.ValidateNb201(genotype, Ops);
    }

    private static (Nb201Genotype[], Dictionary<Nb201Genotype, int>) Build()
    {
        var ops = OpNames.Nb201;
        var all = new List<Nb201Genotype>(Count);
        for (var code = 0; code < Count; code++)
        {
            var edges = new string[6];
            var c = code;
            for (var e = 5; e >= 0; e--)
            {
                edges[e] = ops[c % 5];
                c /= 5;
            }
            all.Add(new Nb201Genotype(edges));
        }
        new PythonRandom(88).Shuffle(all);
        var index = new Dictionary<Nb201Genotype, int>(Count);
        for (var i = 0; i < all.Count; i++) index[all[i]] = i;
        return (all.ToArray(), index);
    }
}
