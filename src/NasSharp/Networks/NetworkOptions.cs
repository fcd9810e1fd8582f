namespace NasSharp.Networks;

/// <summary>Shape and size of a child network built from an architecture.</summary>
/// <param name="InputChannels">Image channels (1 for Fashion-MNIST, 3 for CIFAR).</param>
/// <param name="ImageSize">Image height = width (28 or 32).</param>
/// <param name="Classes">Number of classes.</param>
/// <param name="Channels">Initial channels C (DARTS eval: 36; NAS-Bench-201: 16).</param>
/// <param name="Layers">DARTS: number of cells (DARTS eval: 20). NAS-Bench-201: cells per stage N (benchmark: 5).</param>
/// <param name="Auxiliary">Whether to add DARTS's auxiliary head at 2/3 depth. Default false.</param>
public sealed record NetworkOptions(int InputChannels, int ImageSize, int Classes, int Channels, int Layers, bool Auxiliary = false);
