namespace NasSharp.Networks;

using NasSharp.Ops;
using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// The ENAS macro network (melodyguan/enas <c>general_child.py</c> <c>_model</c>): a 3x3 conv + BN stem, then the layers;
/// layer <c>i</c> reads node <c>i</c> and adds the skip nodes it names (node 0 is the stem, node <c>j</c> the output of
/// layer <c>j − 1</c>, the reference's <c>prev_layers</c>). After layers <c>L/3 − 1</c> and <c>2L/3 − 1</c> every node
/// is halved in resolution by a factorized reduction (channels doubled there unless searching, as in the reference).
/// Then global average pooling, dropout 0.1 (keep_prob 0.9 in <c>cifar10_macro_*.sh</c>) and a bias-free classifier.
/// </summary>
public sealed class EnasMacroBody : nn.Module<Tensor, EnasMacroGenotype, Tensor>
{
    private readonly Sequential stem;
    private readonly ModuleList<EnasMacroLayerModule> layers;
    private readonly ModuleList<ModuleList<FactorizedReduce>> reductions;
    private readonly AdaptiveAvgPool2d pool;
    private readonly Dropout dropout;
    private readonly Linear classifier;
    private readonly int[] _poolLayers;

    /// <summary>Builds the body.</summary>
    /// <param name="options">Input shape, classes and channels (<c>Layers</c> is ignored: <paramref name="layerOps"/> sets depth).</param>
    /// <param name="layerOps">Candidate ops per layer (all six when searching, the chosen one in a child).</param>
    /// <param name="doubleChannels">Double the channels at each reduction (child networks) or keep them (search).</param>
    /// <param name="dropout">Dropout probability before the classifier. Default <see cref="SearchDropout"/>.</param>
    public EnasMacroBody(NetworkOptions options, IReadOnlyList<IReadOnlyList<string>> layerOps, bool doubleChannels,
        double dropout = SearchDropout) : base(nameof(EnasMacroBody))
    {
        var c = options.Channels;
        var count = layerOps.Count;
        _poolLayers = PoolLayers(count);
        stem = nn.Sequential(nn.Conv2d(options.InputChannels, c, 3, padding: 1, bias: false), nn.BatchNorm2d(c));
        layers = new ModuleList<EnasMacroLayerModule>();
        reductions = new ModuleList<ModuleList<FactorizedReduce>>();
        for (var i = 0; i < count; i++)
        {
            layers.Add(new EnasMacroLayerModule(layerOps[i], c, i > 0));
            if (!_poolLayers.Contains(i)) continue;
            var cOut = doubleChannels ? 2 * c : c;
            var reduce = new ModuleList<FactorizedReduce>();
            for (var node = 0; node < i + 2; node++) reduce.Add(new FactorizedReduce(c, cOut, true));
            reductions.Add(reduce);
            c = cOut;
        }
        pool = nn.AdaptiveAvgPool2d(1);
        this.dropout = nn.Dropout(dropout);
        classifier = nn.Linear(c, options.Classes, hasBias: false);
        RegisterComponents();
    }

    /// <summary>Dropout before the classifier during search: 0.1 (keep_prob 0.9 in <c>cifar10_macro_search.sh</c>).</summary>
    public const double SearchDropout = 0.1;

    /// <summary>The layers after which resolution halves: <c>[L/3 − 1, 2L/3 − 1]</c> (reference <c>pool_layers</c>),
    /// none for fewer than 3 layers.</summary>
    public static int[] PoolLayers(int layers) =>
        layers < 3 ? [] : [layers / 3 - 1, 2 * (layers / 3) - 1];

    /// <inheritdoc />
    public override Tensor forward(Tensor x, EnasMacroGenotype genotype)
    {
        if (genotype.Layers.Count != layers.Count)
            throw new ArgumentException($"the network has {layers.Count} layers, the genotype {genotype.Layers.Count}", nameof(genotype));
        using var scope = NewDisposeScope();
        var nodes = new List<Tensor> { stem.call(x) };
        var p = 0;
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = genotype.Layers[i];
            nodes.Add(layers[i].call(nodes[^1], layer.Op, layer.Skips.Select(j => nodes[j]).ToArray()));
            if (!_poolLayers.Contains(i)) continue;
            var reduce = reductions[p++];
            nodes = nodes.Select((t, k) => reduce[k].call(t)).ToList();
        }
        var h = dropout.call(pool.call(nodes[^1]).flatten(1));
        return classifier.call(h).MoveToOuterDisposeScope();
    }
}
