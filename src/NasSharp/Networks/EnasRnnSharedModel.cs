namespace NasSharp.Networks;

using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// The ENAS shared recurrent model (enas_lm <c>child.py</c>): every cell of the space is a path through it. Node
/// <c>i</c> (1..N) holds <c>W_i[f, j]</c> of <c>[H, 2H]</c> for every activation <c>f</c> and input <c>j &lt; i</c>
/// (<c>[F, i, H, 2H]</c>); a forward pass with <see cref="Arc"/> uses only that cell's slices, so the other weights get
/// no gradient.
/// </summary>
public sealed class EnasRnnSharedModel : RecurrentCellLanguageModel
{
    private readonly ParameterList w_skip;
    private RecurrentGenotype? _arc;

    /// <summary>Builds the shared model.</summary>
    /// <param name="space">The cell space (nodes N + 1, activations in weight order).</param>
    /// <param name="vocabulary">Vocabulary size.</param>
    /// <param name="hidden">Embedding and hidden size (enas_lm search: 200).</param>
    /// <param name="dropout">Dropout rates (enas_lm search: <see cref="LanguageModelDropout.EnasSearch"/>).</param>
    /// <param name="initRange">Uniform init range (enas_lm search: 0.04).</param>
    public EnasRnnSharedModel(RecurrentSearchSpace space, int vocabulary, int hidden, LanguageModelDropout dropout, double initRange = 0.04)
        : base(nameof(EnasRnnSharedModel), vocabulary, hidden, (space ?? throw new ArgumentNullException(nameof(space))).Nodes - 1, dropout)
    {
        Space = space;
        w_skip = new ParameterList();
        for (var i = 1; i <= Nodes; i++) w_skip.Add(new Parameter(empty(space.Activations.Count, i, hidden, 2 * hidden)));
        RegisterComponents();
        Initialize(initRange);
    }

    /// <summary>The space.</summary>
    public RecurrentSearchSpace Space { get; }

    /// <summary>The cell the next forward passes run (set before each; validated against the space).</summary>
    public RecurrentGenotype Arc
    {
        get => _arc ?? throw new InvalidOperationException("set Arc to the sampled cell before running the shared model");
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            Space.Validate(value);
            _arc = value;
        }
    }

    /// <summary>All of node <paramref name="node"/>'s weights <c>[F, node, H, 2H]</c> (1-based).</summary>
    public Parameter NodeParameter(int node) => w_skip[node - 1];

    /// <summary>Copies the weights a stand-alone <paramref name="target"/> of the same cell needs (embedding, <c>W_prev</c>,
    /// the cell's node slices).</summary>
    public void CopyTo(RecurrentCellNetwork target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Space.Validate(target.Genotype);
        using var noGrad = no_grad();
        target.Embedding.copy_(Embedding);
        target.PreviousWeights.copy_(PreviousWeights);
        for (var i = 1; i <= Nodes; i++)
            target.NodeParameter(i).copy_(NodeWeights(i, target.Genotype.Nodes[i].Input, target.Genotype.Nodes[i].Activation));
    }

    /// <summary><c>W_prev</c> and the current <see cref="Arc"/>'s node slices: what enas_lm's search regularises (<c>child.py</c>
    /// <c>var_s</c>), so weights off the sampled path get no gradient at all, not even from the L2 term. (enas_lm leaves the
    /// first node's slice out, which reads as a slip; it is included here.)</summary>
    public override IEnumerable<Tensor> RegularisedWeights()
    {
        yield return w_prev;
        for (var i = 1; i <= Nodes; i++) yield return NodeWeights(i, Arc.Nodes[i].Input, Arc.Nodes[i].Activation);
    }

    /// <inheritdoc />
    protected override RecurrentGenotype Cell => Arc;

    /// <inheritdoc />
    protected override Tensor NodeWeights(int node, int input, string activation)
    {
        var f = -1;
        for (var k = 0; k < Space.Activations.Count; k++)
            if (Space.Activations[k] == activation) f = k;
        if (f < 0) throw new ArgumentException($"activation '{activation}' is not in the space: {string.Join(", ", Space.Activations)}");
        return w_skip[node - 1][f, input];
    }
}
