namespace NasSharp.Networks;

using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// The NAS-Bench-201 network (NB201 <c>cell_infers/tiny_network.py</c> <c>TinyNetwork</c>): conv3x3+BN stem with C
/// channels, three stages of N cells (C, 2C, 4C) joined by stride-2 residual blocks, BN+ReLU, global pool, linear.
/// Benchmark settings: C=16, N=5.
/// </summary>
public sealed class Nb201Network : ClassificationNetwork
{
    private readonly Sequential stem;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> body;
    private readonly Sequential lastAct;
    private readonly Dropout? dropout;
    private readonly Linear classifier;

    /// <summary>Builds the network; <see cref="NetworkOptions.Layers"/> is N, cells per stage.</summary>
    public Nb201Network(Nb201Genotype genotype, NetworkOptions options) : base(nameof(Nb201Network))
    {
        Linear head;
        (stem, body, lastAct, head) = Nb201Layout.Build<nn.Module<Tensor, Tensor>>(options, c => new Nb201Cell(genotype, c), (a, b) => new Nb201ResidualBlock(a, b));
        // Only built when used: with none the module tree (and every result) is what it was without the option.
        if (options.Dropout > 0) dropout = nn.Dropout(options.Dropout);
        classifier = head;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override (Tensor Logits, Tensor? AuxLogits) ForwardWithAux(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = stem.call(x);
        foreach (var m in body) h = m.call(h);
        var features = lastAct.call(h).flatten(1);
        var logits = classifier.call(dropout is null ? features : dropout.call(features));
        return (logits.MoveToOuterDisposeScope(), null);
    }
}
