namespace NasSharp.Ops;

using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// One op of an ENAS macro layer (melodyguan/enas <c>general_child.py</c>, <c>_conv_branch</c> and <c>_pool_branch</c>):
/// a 1x1 conv → BN → ReLU, then a k×k conv (or a depthwise k×k + pointwise 1x1 for the separable ops) → BN → ReLU,
/// or for the pooling ops a 3x3 stride-1 pool (padding not counted in the average, as TensorFlow's SAME pooling).
/// </summary>
public sealed class EnasMacroBranch : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d inputConv;
    private readonly BatchNorm2d inputBn;
    private readonly nn.Module<Tensor, Tensor> body;
    private readonly BatchNorm2d? outputBn;

    /// <summary>Creates the branch for <paramref name="op"/> (one of <see cref="OpNames.EnasMacro"/>).</summary>
    public EnasMacroBranch(string op, int cIn, int c) : base(nameof(EnasMacroBranch))
    {
        inputConv = nn.Conv2d(cIn, c, 1, bias: false);
        inputBn = nn.BatchNorm2d(c);
        body = op switch
        {
            OpNames.Conv3x3 => nn.Conv2d(c, c, 3, padding: 1, bias: false),
            OpNames.Conv5x5 => nn.Conv2d(c, c, 5, padding: 2, bias: false),
            OpNames.SepConv3x3 => nn.Sequential(new DepthwiseConv2d(c, 3, padding: 1), nn.Conv2d(c, c, 1, bias: false)),
            OpNames.SepConv5x5 => nn.Sequential(new DepthwiseConv2d(c, 5, padding: 2), nn.Conv2d(c, c, 1, bias: false)),
            OpNames.AvgPool3x3 => new AvgPool(3, 1, padding: 1, countIncludePad: false),
            OpNames.MaxPool3x3 => new MaxPool(3, 1, padding: 1),
            _ => throw new UnknownOpException(op, OpNames.EnasMacro),
        };
        IsPool = op is OpNames.AvgPool3x3 or OpNames.MaxPool3x3;
        outputBn = IsPool ? null : nn.BatchNorm2d(c);
        RegisterComponents();
    }

    /// <summary>Whether the branch ends in a pooling op (no second conv).</summary>
    public bool IsPool { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = nn.functional.relu(inputBn.call(inputConv.call(x)));
        h = body.call(h);
        if (outputBn is not null) h = nn.functional.relu(outputBn.call(h));
        return h.MoveToOuterDisposeScope();
    }
}
