namespace NasSharp.Cost;

/// <summary>Size and compute of a network for one input image.</summary>
/// <param name="Parameters">Trainable parameters (BatchNorm running statistics excluded).</param>
/// <param name="Macs">Multiply-accumulates of one forward pass on one image (conv and linear layers), binary ones included.</param>
/// <param name="Bops">Binary operations: the MACs of the convolutions whose inputs and weights are both binary
/// (<see cref="Ops.Binary.BinaryConv2d"/> with weight binarisation on), counted as in the binary-network literature
/// (XNOR-Net, Bi-Real Net, BATS). Default 0 (a real network).</param>
public sealed record ModelCost(long Parameters, long Macs, long Bops = 0)
{
    /// <summary>Binary operations are counted as this many times cheaper than a floating-point MAC in
    /// <see cref="Combined"/> (Bi-Real Net, BATS: FLOPs + BOPs/64).</summary>
    public const int BopsPerFlop = 64;

    /// <summary>Parameters in millions, the unit of NAS papers' "params (MB)".</summary>
    public double ParametersMillions => Parameters / 1e6;

    /// <summary>MACs in millions.</summary>
    public double MacsMillions => Macs / 1e6;

    /// <summary>Real-valued operations: every MAC that is not a BOP (real convs, linear layers and binary convs with real
    /// weights), counted as MACs — the binary-network literature's FLOPs.</summary>
    public long Flops => Macs - Bops;

    /// <summary>FLOPs + BOPs / 64, the combined cost BATS and Bi-Real Net report.</summary>
    public double Combined => Flops + (double)Bops / BopsPerFlop;
}
