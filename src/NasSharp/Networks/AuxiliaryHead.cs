namespace NasSharp.Networks;

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// DARTS <c>AuxiliaryHeadCIFAR</c>: ReLU → avgpool 5/3 → conv1x1 128 → BN → ReLU → conv 768 → BN → ReLU → linear.
/// DARTS assumes an 8x8 input (pooled to 2x2, then a 2x2 conv). For other sizes (7x7 on 28x28 data pools to 1x1)
/// the second conv's kernel is the pooled size, so the head always ends at 1x1.
/// </summary>
public sealed class AuxiliaryHead : nn.Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Linear classifier;

    /// <summary>Builds the head for <paramref name="channels"/> inputs of size <paramref name="inputSize"/>.</summary>
    public AuxiliaryHead(int channels, int inputSize, int classes) : base(nameof(AuxiliaryHead))
    {
        var pooled = Math.Max(1, (inputSize - 5) / 3 + 1);
        var kernel = Math.Min(2, pooled);
        features = nn.Sequential(
            nn.ReLU(),
            nn.AvgPool2d(5, stride: 3, padding: 0, count_include_pad: false),
            nn.Conv2d(channels, 128, 1, bias: false),
            nn.BatchNorm2d(128),
            nn.ReLU(),
            nn.Conv2d(128, 768, kernel, bias: false),
            nn.BatchNorm2d(768),
            nn.ReLU(),
            nn.AdaptiveAvgPool2d(1));
        classifier = nn.Linear(768, classes);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var f = features.call(x);
        using var flat = f.flatten(1);
        return classifier.call(flat);
    }
}
