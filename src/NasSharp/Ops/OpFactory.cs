namespace NasSharp.Ops;

using TorchSharp;
using static TorchSharp.torch;

/// <summary>Builds one candidate op for <paramref name="channels"/> channels in and out.</summary>
/// <param name="channels">Input and output channels.</param>
/// <param name="stride">1, or 2 for ops on the inputs of a reduction cell.</param>
/// <param name="affine">Whether BatchNorm layers learn a scale and shift (false during DARTS search).</param>
public delegate nn.Module<Tensor, Tensor> OpFactory(int channels, int stride, bool affine);
