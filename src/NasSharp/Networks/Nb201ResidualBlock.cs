namespace NasSharp.Networks;

using NasSharp.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>NAS-Bench-201's stride-2 <c>ResNetBasicblock</c> between stages: two ReLU-conv3x3-BN plus a shortcut of
/// avgpool 2x2 and a 1x1 conv. The pool uses ceil mode so odd sizes match the conv path (same as NB201 for even).</summary>
public sealed class Nb201ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly ReluConvBn convA;
    private readonly ReluConvBn convB;
    private readonly Sequential downsample;

    /// <summary>Builds the block from <paramref name="cIn"/> to <paramref name="cOut"/> channels at stride 2.</summary>
    public Nb201ResidualBlock(int cIn, int cOut) : base(nameof(Nb201ResidualBlock))
    {
        convA = new ReluConvBn(cIn, cOut, 3, 2, 1, true);
        convB = new ReluConvBn(cOut, cOut, 3, 1, 1, true);
        downsample = nn.Sequential(
            nn.AvgPool2d(2, stride: 2, padding: 0, ceil_mode: true),
            nn.Conv2d(cIn, cOut, 1, bias: false));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var a = convA.call(x);
        using var b = convB.call(a);
        using var r = downsample.call(x);
        return r.add(b);
    }
}
