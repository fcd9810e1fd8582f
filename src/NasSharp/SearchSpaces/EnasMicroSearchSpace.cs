namespace NasSharp.SearchSpaces;

/// <summary>
/// The ENAS micro (cell) space (Pham et al. 2018, section 2.4; melodyguan/enas <c>micro_child.py</c>): a normal and a
/// reduction cell of <see cref="Nodes"/> nodes; node <c>i</c> reads two of the states <c>0..i+1</c> (the two may be
/// the same) through one op each out of <see cref="OpNames.EnasMicro"/>, and sums them; the cell output concatenates
/// the loose ends. Its genotypes are DARTS-format <see cref="CellGenotype"/> values (space <c>darts</c>), so every
/// tool that takes a DARTS cell takes an ENAS cell.
/// </summary>
public sealed class EnasMicroSearchSpace : ISearchSpace
{
    /// <summary>Creates the space.</summary>
    /// <param name="nodes">Nodes per cell; default 5 (B = 5 in the paper and <c>cifar10_micro_search.sh</c>).</param>
    /// <param name="ops">Candidate ops; default <see cref="OpNames.EnasMicro"/>.</param>
    /// <exception cref="ArgumentException">No ops, or an op outside <see cref="OpNames.EnasMicro"/>.</exception>
    public EnasMicroSearchSpace(int nodes = 5, IEnumerable<string>? ops = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        Ops = (ops ?? OpNames.EnasMicro).ToArray();
        if (Ops.Count == 0) throw new ArgumentException("the space needs at least one op", nameof(ops));
        foreach (var op in Ops)
            if (!OpNames.EnasMicro.Contains(op))
                throw new ArgumentException($"unknown micro op '{op}'; valid ops: {string.Join(", ", OpNames.EnasMicro)}", nameof(ops));
        Nodes = nodes;
    }

    /// <inheritdoc />
    public string Name => "enas-micro";

    /// <summary>Nodes per cell.</summary>
    public int Nodes { get; }

    /// <summary>Candidate ops, in ENAS id order.</summary>
    public IReadOnlyList<string> Ops { get; }

    /// <inheritdoc />
    Architecture ISearchSpace.Sample(Random random) => Sample(random);

    /// <summary>Draws both cells uniformly: each input and each op independently; concat = loose ends.</summary>
    public CellGenotype Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new CellGenotype(SampleCell(random), SampleCell(random));
    }

    /// <summary>Builds a cell from its edges (two per node) with the ENAS concat (the loose ends).</summary>
    public static Cell CellFromEdges(IEnumerable<OpEdge> edges)
    {
        var list = edges.ToArray();
        return new Cell(list, new Cell(list, []).LooseEnds());
    }

    /// <summary>Checks that a genotype belongs to the space: node count, ops, input ranges, concat = loose ends.</summary>
    /// <exception cref="ArchitectureFormatException">It does not; the message names the cell and edge.</exception>
    public void Validate(CellGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        GenotypeValidation.ValidateCellGenotype(genotype, Ops, Nodes);
        foreach (var (cell, label) in new[] { (genotype.Normal, "normal"), (genotype.Reduce, "reduce") })
        {
            var loose = cell.LooseEnds();
            if (!cell.Concat.SequenceEqual(loose))
                throw new ArchitectureFormatException(
                    $"{label} concat: an ENAS cell concatenates its loose ends [{string.Join(", ", loose)}], got [{string.Join(", ", cell.Concat)}]");
        }
    }

    private Cell SampleCell(Random random)
    {
        var edges = new List<OpEdge>(2 * Nodes);
        for (var i = 0; i < Nodes; i++)
            for (var k = 0; k < 2; k++)
            {
                var input = random.Next(i + 2);
                edges.Add(new OpEdge(Ops[random.Next(Ops.Count)], input));
            }
        return CellFromEdges(edges);
    }
}
