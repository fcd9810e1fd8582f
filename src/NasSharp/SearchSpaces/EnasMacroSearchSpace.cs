namespace NasSharp.SearchSpaces;

/// <summary>The ENAS macro space: <see cref="Layers"/> layers, each one op plus skip connections from any earlier
/// layers.</summary>
public sealed class EnasMacroSearchSpace : ISearchSpace
{
    /// <inheritdoc />
    public string Name => "enas-macro";

    /// <inheritdoc />
    Architecture ISearchSpace.Sample(Random random) => Sample(random);

    /// <summary>Creates the space.</summary>
    /// <param name="layers">Number of layers; default 12 (the ENAS search setting).</param>
    /// <param name="ops">Candidate ops; default <see cref="OpNames.EnasMacro"/> (all six).</param>
    /// <param name="skipProbability">Probability that <see cref="Sample"/> adds each possible skip connection;
    /// default 0.5 (uniform over the space).</param>
    /// <exception cref="ArgumentException">No ops, or an op outside <see cref="OpNames.EnasMacro"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one layer, or a probability outside 0..1.</exception>
    public EnasMacroSearchSpace(int layers = 12, IEnumerable<string>? ops = null, double skipProbability = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        if (skipProbability is < 0 or > 1 || double.IsNaN(skipProbability))
            throw new ArgumentOutOfRangeException(nameof(skipProbability), skipProbability, "must be in 0..1");
        Ops = (ops ?? OpNames.EnasMacro).ToArray();
        if (Ops.Count == 0) throw new ArgumentException("the space needs at least one op", nameof(ops));
        foreach (var op in Ops)
            if (!OpNames.EnasMacro.Contains(op))
                throw new ArgumentException(
                    $"unknown macro op '{op}'; valid ops: {string.Join(", ", OpNames.EnasMacro)}", nameof(ops));
        Layers = layers;
        SkipProbability = skipProbability;
    }

    /// <summary>Number of layers.</summary>
    public int Layers { get; }

    /// <summary>Candidate ops.</summary>
    public IReadOnlyList<string> Ops { get; }

    /// <summary>Probability of each skip connection in <see cref="Sample"/>.</summary>
    public double SkipProbability { get; }

    /// <summary>Draws a network: a uniform op per layer and each skip with probability
    /// <see cref="SkipProbability"/>.</summary>
    /// <param name="random">Source of randomness.</param>
    /// <returns>A network that passes <see cref="Validate"/>.</returns>
    public EnasMacroGenotype Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var layers = new List<EnasMacroLayer>(Layers);
        for (var i = 0; i < Layers; i++)
        {
            var op = Ops[random.Next(Ops.Count)];
            var skips = Enumerable.Range(0, i).Where(_ => random.NextDouble() < SkipProbability).ToArray();
            layers.Add(new EnasMacroLayer(op, skips));
        }
        return new EnasMacroGenotype(layers);
    }

    /// <summary>Checks that a network belongs to the space (layer count, ops, skip ranges).</summary>
    /// <param name="genotype">The network.</param>
    /// <exception cref="ArchitectureFormatException">It does not; the message names the layer.</exception>
    public void Validate(EnasMacroGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        GenotypeValidation.ValidateMacro(genotype, Ops, Layers);
    }
}
