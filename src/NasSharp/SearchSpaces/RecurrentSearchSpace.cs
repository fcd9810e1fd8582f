namespace NasSharp.SearchSpaces;

/// <summary>The ENAS recurrent-cell space: <see cref="Nodes"/> nodes, node <c>i &gt; 0</c> reads one of nodes
/// <c>0..i-1</c>, every node picks an activation.</summary>
public sealed class RecurrentSearchSpace : ISearchSpace
{
    /// <inheritdoc />
    public string Name => "enas-rnn";

    /// <inheritdoc />
    Architecture ISearchSpace.Sample(Random random) => Sample(random);

    /// <summary>Creates the space.</summary>
    /// <param name="nodes">Number of nodes; default 12 (the ENAS Penn Treebank cell).</param>
    /// <param name="activations">Candidate activations; default <see cref="ActivationNames.Enas"/>.</param>
    /// <exception cref="ArgumentException">No activations, or one outside <see cref="ActivationNames.Enas"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one node.</exception>
    public RecurrentSearchSpace(int nodes = 12, IEnumerable<string>? activations = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        Activations = (activations ?? ActivationNames.Enas).ToArray();
        if (Activations.Count == 0)
            throw new ArgumentException("the space needs at least one activation", nameof(activations));
        foreach (var a in Activations)
            if (!ActivationNames.Enas.Contains(a))
                throw new ArgumentException(
                    $"unknown activation '{a}'; valid activations: {string.Join(", ", ActivationNames.Enas)}",
                    nameof(activations));
        Nodes = nodes;
    }

    /// <summary>Number of nodes.</summary>
    public int Nodes { get; }

    /// <summary>Candidate activations.</summary>
    public IReadOnlyList<string> Activations { get; }

    /// <summary>Draws a cell uniformly: each node's input and activation.</summary>
    /// <param name="random">Source of randomness.</param>
    /// <returns>A cell that passes <see cref="Validate"/>.</returns>
    public RecurrentGenotype Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var nodes = new List<RecurrentNode>(Nodes);
        for (var i = 0; i < Nodes; i++)
            nodes.Add(new RecurrentNode(i == 0 ? RecurrentNode.CellInput : random.Next(i),
                Activations[random.Next(Activations.Count)]));
        return new RecurrentGenotype(nodes);
    }

    /// <summary>Checks that a cell belongs to the space (node count, inputs, activations).</summary>
    /// <param name="genotype">The cell.</param>
    /// <exception cref="ArchitectureFormatException">It does not; the message names the node.</exception>
    public void Validate(RecurrentGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        GenotypeValidation.ValidateRecurrent(genotype, Activations, Nodes);
    }
}
