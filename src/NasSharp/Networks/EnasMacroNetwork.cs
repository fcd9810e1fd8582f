namespace NasSharp.Networks;

using NasSharp.SearchSpaces;
using static TorchSharp.torch;

/// <summary>A stand-alone ENAS macro child network: <see cref="EnasMacroBody"/> with only each layer's chosen op.
/// Unlike the reference's final model (which concatenates skips and mixes them with a 1x1 conv), skips are summed
/// and batch-normalised as during search, so a child computes exactly what the shared model computed for it.</summary>
public sealed class EnasMacroNetwork : ClassificationNetwork
{
    private readonly EnasMacroBody body;
    private readonly EnasMacroGenotype _genotype;

    /// <summary>Builds the network for <paramref name="genotype"/>.</summary>
    /// <param name="genotype">The architecture.</param>
    /// <param name="options">Input shape, classes, channels (depth comes from the genotype); a positive
    /// <see cref="NetworkOptions.Dropout"/> replaces the body's dropout before the classifier (default
    /// <see cref="EnasMacroBody.SearchDropout"/>, ENAS final training: 0.5).</param>
    /// <param name="doubleChannels">Double channels at each reduction; default true (the reference's fixed child).</param>
    public EnasMacroNetwork(EnasMacroGenotype genotype, NetworkOptions options, bool doubleChannels = true) : base(nameof(EnasMacroNetwork))
    {
        _genotype = genotype;
        body = new EnasMacroBody(options, genotype.Layers.Select(l => (IReadOnlyList<string>)[l.Op]).ToArray(), doubleChannels,
            options.Dropout > 0 ? options.Dropout : EnasMacroBody.SearchDropout);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override (Tensor Logits, Tensor? AuxLogits) ForwardWithAux(Tensor x) => (body.call(x, _genotype), null);
}
