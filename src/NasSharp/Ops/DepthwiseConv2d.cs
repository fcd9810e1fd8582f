namespace NasSharp.Ops;

using NasSharp.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// A depthwise conv (<c>groups = channels</c>, no bias): PyTorch's <c>nn.Conv2d(C, C, k, groups=C, bias=False)</c>,
/// with the same single parameter <c>weight [C, 1, k, k]</c>, the same initialisation (kaiming-uniform, a = √5, drawn
/// from torch's global RNG exactly as <c>nn.Conv2d</c> draws it) and the same state-dict name, so checkpoints and seeded
/// runs are unchanged. It runs on oneDNN when <see cref="TorchRuntime.GroupedConvOnOneDnn"/> is on (the default where
/// the self-check agrees; <see cref="OneDnnGroupedConv"/>), else (and on other devices than the CPU) on libtorch's
/// own kernels.
/// </summary>
public sealed class DepthwiseConv2d : nn.Module<Tensor, Tensor>
{
    /// <summary>The filter, <c>[channels, 1, kernel, kernel]</c>.</summary>
    public readonly Parameter weight;

    /// <summary>Stride, padding and dilation (the same on both axes).</summary>
    public int Stride { get; }

    /// <inheritdoc cref="Stride"/>
    public int Padding { get; }

    /// <inheritdoc cref="Stride"/>
    public int Dilation { get; }

    /// <summary>Creates the conv.</summary>
    /// <param name="channels">Input and output channels.</param>
    /// <param name="kernel">Square kernel size.</param>
    /// <param name="stride">Stride; default 1.</param>
    /// <param name="padding">Zero padding; default 0.</param>
    /// <param name="dilation">Dilation; default 1.</param>
    public DepthwiseConv2d(int channels, int kernel, int stride = 1, int padding = 0, int dilation = 1) : base(nameof(DepthwiseConv2d))
    {
        if (channels < 1 || kernel < 1 || stride < 1 || padding < 0 || dilation < 1)
            throw new ArgumentException($"DepthwiseConv2d needs channels, kernel, stride, dilation ≥ 1 and padding ≥ 0; got {channels}, {kernel}, {stride}, {dilation}, {padding}.");
        // The draw nn.Conv2d makes for its weight (TorchSharp Convolution.reset_parameters: kaiming_uniform_, a = √5).
        using var template = nn.Conv2d(channels, channels, kernel, groups: channels, bias: false);
        weight = new Parameter(template.weight!.detach().clone());
        (Stride, Padding, Dilation) = (stride, padding, dilation);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x) => OneDnnGroupedConv.Conv2d(x, weight, Stride, Padding, Dilation, (int)weight.shape[0]);
}
