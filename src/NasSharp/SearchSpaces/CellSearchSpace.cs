namespace NasSharp.SearchSpaces;

/// <summary>
/// The DARTS cell space: a normal and a reduction cell, each with <see cref="Nodes"/> nodes; node <c>i</c> sums two
/// ops applied to two of the states <c>0..i+1</c>; the output concatenates all intermediate nodes.
/// </summary>
public sealed class CellSearchSpace : ISearchSpace
{
    /// <inheritdoc />
    public string Name => "darts";

    /// <inheritdoc />
    Architecture ISearchSpace.Sample(Random random) => Sample(random);

    /// <summary>Creates the space.</summary>
    /// <param name="ops">Candidate ops; default <see cref="OpNames.Darts"/> without <c>none</c>.</param>
    /// <param name="nodes">Intermediate nodes per cell; default 4.</param>
    /// <exception cref="ArgumentException">No ops, or an unknown op name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nodes"/> is less than 1.</exception>
    public CellSearchSpace(IEnumerable<string>? ops = null, int nodes = 4)
    {
        Ops = (ops ?? OpNames.Darts.Where(o => o != OpNames.None)).ToArray();
        if (Ops.Count == 0) throw new ArgumentException("the space needs at least one op", nameof(ops));
        foreach (var op in Ops)
            if (!OpNames.IsKnown(op))
                throw new ArgumentException(
                    $"unknown op '{op}'; valid ops: {string.Join(", ", OpNames.All)}", nameof(ops));
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        Nodes = nodes;
    }

    /// <summary>Candidate ops.</summary>
    public IReadOnlyList<string> Ops { get; }

    /// <summary>Intermediate nodes per cell.</summary>
    public int Nodes { get; }

    /// <summary>
    /// Draws a genotype uniformly: per node, two distinct inputs (as in the random-search baseline of Li and
    /// Talwalkar 2019) and two ops drawn with replacement; concat is every intermediate node.
    /// </summary>
    /// <param name="random">Source of randomness.</param>
    /// <returns>A genotype that passes <see cref="Validate"/>.</returns>
    public CellGenotype Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new CellGenotype(SampleCell(random), SampleCell(random));
    }

    /// <summary>Checks that a genotype belongs to the space: <c>2 × Nodes</c> edges per cell, ops from
    /// <see cref="Ops"/>, inputs of node <c>i</c> in <c>0..i+1</c>, concat states in range.</summary>
    /// <param name="genotype">The genotype.</param>
    /// <exception cref="ArchitectureFormatException">It does not; the message names the cell and edge.</exception>
    public void Validate(CellGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        GenotypeValidation.ValidateCellGenotype(genotype, Ops, Nodes);
    }

    private Cell SampleCell(Random random)
    {
        var edges = new List<OpEdge>(2 * Nodes);
        for (var i = 0; i < Nodes; i++)
        {
            var states = i + 2;
            var a = random.Next(states);
            var b = random.Next(states - 1);
            if (b >= a) b++;
            edges.Add(new OpEdge(Ops[random.Next(Ops.Count)], a));
            edges.Add(new OpEdge(Ops[random.Next(Ops.Count)], b));
        }
        return new Cell(edges, Enumerable.Range(2, Nodes));
    }
}
