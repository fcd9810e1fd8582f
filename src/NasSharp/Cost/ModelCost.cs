namespace NasSharp.Cost;

/// <summary>Size and compute of a network for one input image.</summary>
/// <param name="Parameters">Trainable parameters (BatchNorm running statistics excluded).</param>
/// <param name="Macs">Multiply-accumulates of one forward pass on one image (conv and linear layers).</param>
public sealed record ModelCost(long Parameters, long Macs)
{
    /// <summary>Parameters in millions, the unit of NAS papers' "params (MB)".</summary>
    public double ParametersMillions => Parameters / 1e6;

    /// <summary>MACs in millions.</summary>
    public double MacsMillions => Macs / 1e6;
}
