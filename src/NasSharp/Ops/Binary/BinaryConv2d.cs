namespace NasSharp.Ops.Binary;

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// A binary convolution (1adrianb/binary-networks-pytorch <c>bnn/layers/conv.py</c> <c>Conv2d</c> with the
/// <c>BasicInputBinarizer</c> activation pre-process and, when <see cref="BinarizeWeights"/>, the
/// <c>XNORWeightBinarizer</c> weight pre-process): <c>conv(SignSte(x), W')</c>, where <c>W'</c> is the real weight
/// (stage 1, the default: binary activations, real weights) or <see cref="WeightBinarizer.Binarize"/> of it (stage 2:
/// fully binary). No bias. The one parameter is <c>weight</c>, <c>[out, in/groups, k, k]</c>, initialised as
/// <c>nn.Conv2d</c>'s (Kaiming uniform, a = √5), so a stage-1 checkpoint loads into the stage-2 network unchanged.
/// </summary>
public sealed class BinaryConv2d : nn.Module<Tensor, Tensor>
{
    /// <summary>The real-valued weight, <c>[out, in/groups, kernel, kernel]</c>.</summary>
    public readonly Parameter weight;

    /// <summary>Creates the layer.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernel">Square kernel size.</param>
    /// <param name="stride">Stride. Default 1.</param>
    /// <param name="padding">Zero padding on every side. Default 0.</param>
    /// <param name="dilation">Dilation. Default 1.</param>
    /// <param name="groups">Groups; must divide both channel counts. Default 1.</param>
    /// <exception cref="ArgumentException">A size is out of range or the groups do not divide the channels.</exception>
    public BinaryConv2d(int inChannels, int outChannels, int kernel, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
        : base(nameof(BinaryConv2d))
    {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0 || dilation < 1 || groups < 1)
            throw new ArgumentException($"BinaryConv2d sizes out of range: in {inChannels}, out {outChannels}, kernel {kernel}, stride {stride}, padding {padding}, dilation {dilation}, groups {groups}.");
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"BinaryConv2d groups {groups} must divide the input ({inChannels}) and output ({outChannels}) channels.");
        InChannels = inChannels;
        OutChannels = outChannels;
        Kernel = kernel;
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
        Groups = groups;
        var w = empty(outChannels, inChannels / groups, kernel, kernel);
        nn.init.kaiming_uniform_(w, a: Math.Sqrt(5)); // nn.Conv2d.reset_parameters
        weight = new Parameter(w);
        RegisterComponents();
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }
    /// <summary>Output channels.</summary>
    public int OutChannels { get; }
    /// <summary>Square kernel size.</summary>
    public int Kernel { get; }
    /// <summary>Stride.</summary>
    public int Stride { get; }
    /// <summary>Padding.</summary>
    public int Padding { get; }
    /// <summary>Dilation.</summary>
    public int Dilation { get; }
    /// <summary>Groups.</summary>
    public int Groups { get; }

    /// <summary>Whether the weight is binarised in the forward pass (stage 2). Default false (stage 1 / search:
    /// binary activations, real weights). Not part of the state dict: set it after loading.</summary>
    public bool BinarizeWeights { get; set; }

    /// <summary>The weight the convolution uses: the real weight, or its binarisation when
    /// <see cref="BinarizeWeights"/>.</summary>
    public Tensor EffectiveWeight() => BinarizeWeights ? WeightBinarizer.Binarize(weight) : weight.alias();

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var xb = SignSte.Apply(x);
        var w = BinarizeWeights ? WeightBinarizer.Binarize(weight) : (Tensor)weight;
        // Grouped (BATS: 12 groups) on oneDNN where checked: libtorch's own kernels loop over the groups, 2-8x slower.
        return OneDnnGroupedConv.Conv2d(xb, w, Stride, Padding, Dilation, Groups).MoveToOuterDisposeScope();
    }

    /// <summary>Switches weight binarisation of every <see cref="BinaryConv2d"/> in <paramref name="network"/> (itself
    /// included) on or off and returns how many layers it set.</summary>
    public static int SetWeightBinarization(nn.Module network, bool on)
    {
        var count = 0;
        foreach (var layer in Layers(network))
        {
            layer.BinarizeWeights = on;
            count++;
        }
        return count;
    }

    /// <summary>Every <see cref="BinaryConv2d"/> in <paramref name="network"/> (itself included), in module order.</summary>
    public static IEnumerable<BinaryConv2d> Layers(nn.Module network)
    {
        if (network is BinaryConv2d self) yield return self;
        foreach (var (_, m) in network.named_modules())
            if (m is BinaryConv2d b && !ReferenceEquals(b, network)) yield return b;
    }
}
