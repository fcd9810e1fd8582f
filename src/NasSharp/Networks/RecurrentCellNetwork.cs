namespace NasSharp.Networks;

using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// A stand-alone recurrent cell language model built from a <see cref="RecurrentGenotype"/> (enas_lm
/// <c>fixed_lib.py</c>; also the DARTS recurrent cells, which have the same form): one <c>[H, 2H]</c> weight per node.
/// </summary>
public sealed class RecurrentCellNetwork : RecurrentCellLanguageModel
{
    private readonly ParameterList w_skip;

    /// <summary>Builds the model.</summary>
    /// <param name="cell">The cell: node 0 reads the cell input, nodes 1..N one earlier node each.</param>
    /// <param name="vocabulary">Vocabulary size.</param>
    /// <param name="hidden">Embedding and hidden size (enas_lm fixed: 800).</param>
    /// <param name="dropout">Dropout rates.</param>
    /// <param name="initRange">Uniform init range of every weight (enas_lm fixed: 0.05).</param>
    public RecurrentCellNetwork(RecurrentGenotype cell, int vocabulary, int hidden, LanguageModelDropout dropout, double initRange = 0.05)
        : base(nameof(RecurrentCellNetwork), vocabulary, hidden, (cell ?? throw new ArgumentNullException(nameof(cell))).Nodes.Count - 1, dropout)
    {
        GenotypeValidation.ValidateRecurrent(cell, ActivationNames.EnasLm);
        Genotype = cell;
        w_skip = new ParameterList();
        for (var i = 1; i <= Nodes; i++) w_skip.Add(new Parameter(empty(hidden, 2 * hidden)));
        RegisterComponents();
        Initialize(initRange);
    }

    /// <summary>The cell.</summary>
    public RecurrentGenotype Genotype { get; }

    /// <summary>Node <paramref name="node"/>'s weights (1-based).</summary>
    public Parameter NodeParameter(int node) => w_skip[node - 1];

    /// <inheritdoc />
    protected override RecurrentGenotype Cell => Genotype;

    /// <inheritdoc />
    protected override Tensor NodeWeights(int node, int input, string activation) => w_skip[node - 1];
}
