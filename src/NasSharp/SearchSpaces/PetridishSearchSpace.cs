namespace NasSharp.SearchSpaces;

/// <summary>
/// The Petridish cell space: cells of <see cref="PetridishCell"/> grown one added node at a time from a seed. The
/// candidate ops are petridishnn's <c>valid_operations</c> (and archai's <c>PetridishOp.PRIMITIVES</c> without
/// <c>none</c>, whose weight would get no gradient): max and average pool, skip, separable 3x3/5x5 and dilated 3x3/5x5
/// convolutions.
/// </summary>
public sealed class PetridishSearchSpace : ISearchSpace
{
    /// <summary>The space's name: <c>petridish</c>.</summary>
    public const string SpaceName = "petridish";

    /// <summary>The candidate ops, in the order the candidate weights are laid out.</summary>
    public static IReadOnlyList<string> CandidateOps { get; } =
    [
        OpNames.MaxPool3x3, OpNames.AvgPool3x3, OpNames.SkipConnect, OpNames.SepConv3x3, OpNames.SepConv5x5,
        OpNames.DilConv3x3, OpNames.DilConv5x5,
    ];

    /// <inheritdoc />
    public string Name => SpaceName;

    /// <summary>petridishnn's seed cell (<c>net_info.py</c> <c>separable_resnet_cell_info</c>), normal and reduction
    /// alike: one node, <c>sep_conv_3x3</c> of the previous cell's output plus that output itself; the cell outputs it.</summary>
    public static PetridishGenotype TfSeed()
    {
        var cell = new PetridishCell([new PetridishNode([new OpEdge(OpNames.SepConv3x3, 1), new OpEdge(OpNames.SkipConnect, 1)], added: false)], [2]);
        return new PetridishGenotype(cell, cell);
    }

    /// <summary>A DARTS-format genotype as a Petridish seed: the same nodes, and its concat summed rather than
    /// concatenated (the Petridish cell output is a sum, so added nodes can join it); cell inputs in the concat are dropped
    /// (a reduction cell could not add them at full resolution).</summary>
    /// <exception cref="ArchitectureFormatException">A cell's concat lists only cell inputs.</exception>
    public static PetridishGenotype FromDarts(CellGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        return new PetridishGenotype(FromDarts(genotype.Normal, "normal"), FromDarts(genotype.Reduce, "reduce"));
    }

    private static PetridishCell FromDarts(Cell cell, string label)
    {
        var nodes = Enumerable.Range(0, cell.Nodes).Select(i => new PetridishNode([cell.Edges[2 * i], cell.Edges[2 * i + 1]], added: false));
        var output = cell.Concat.Where(s => s >= 2).Distinct().ToArray();
        if (output.Length == 0)
            throw new ArchitectureFormatException($"{label} concat: lists only cell inputs ({string.Join(", ", cell.Concat)}); a Petridish seed outputs at least one node");
        return new PetridishCell(nodes, output);
    }

    /// <summary>Grows <paramref name="parent"/> by one added node per cell (the finalised candidates).</summary>
    /// <exception cref="ArchitectureFormatException">A node is empty or reads a state the cell does not have.</exception>
    public static PetridishGenotype Grow(PetridishGenotype parent, IEnumerable<OpEdge> normal, IEnumerable<OpEdge> reduce)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var child = new PetridishGenotype(parent.Normal.With(normal), parent.Reduce.With(reduce));
        GenotypeValidation.ValidatePetridish(child, OpNames.All);
        return child;
    }

    /// <summary>The parent a child was grown from: both cells without their last (added) node.</summary>
    /// <exception cref="InvalidOperationException">A cell's last node is not an added node.</exception>
    public static PetridishGenotype Parent(PetridishGenotype child)
    {
        ArgumentNullException.ThrowIfNull(child);
        return new PetridishGenotype(child.Normal.WithoutLast(), child.Reduce.WithoutLast());
    }

    /// <inheritdoc />
    Architecture ISearchSpace.Sample(Random random) => Sample(random);

    /// <summary>A random seed as archai draws them (<c>RandomModelDescBuilder</c>): 1 to 3 nodes per cell, each summing two
    /// candidate ops on states drawn from those before it; the output sums the nodes no other node reads.</summary>
    public PetridishGenotype Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new PetridishGenotype(SampleCell(random), SampleCell(random));
    }

    /// <summary>Checks a genotype: every node has edges with known ops reading earlier states; the output lists nodes
    /// that were not added, each once.</summary>
    /// <exception cref="ArchitectureFormatException">It does not; the message names the cell, node and edge.</exception>
    public static void Validate(PetridishGenotype genotype) => GenotypeValidation.ValidatePetridish(genotype, OpNames.All);

    private static PetridishCell SampleCell(Random random)
    {
        var count = 1 + random.Next(3);
        var nodes = new List<PetridishNode>();
        for (var i = 0; i < count; i++)
        {
            var states = i + 2;
            nodes.Add(new PetridishNode([new OpEdge(CandidateOps[random.Next(CandidateOps.Count)], random.Next(states)),
                new OpEdge(CandidateOps[random.Next(CandidateOps.Count)], random.Next(states))], added: false));
        }
        var read = nodes.SelectMany(n => n.Edges).Select(e => e.Input).ToHashSet();
        return new PetridishCell(nodes, Enumerable.Range(2, count).Where(s => !read.Contains(s)));
    }
}
