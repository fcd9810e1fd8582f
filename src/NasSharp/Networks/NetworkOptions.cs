namespace NasSharp.Networks;

/// <summary>Shape and size of a child network built from an architecture.</summary>
/// <param name="InputChannels">Image channels (1 for Fashion-MNIST, 3 for CIFAR).</param>
/// <param name="ImageSize">Image height = width (28 or 32).</param>
/// <param name="Classes">Number of classes.</param>
/// <param name="Channels">Initial channels C (DARTS eval: 36; NAS-Bench-201: 16).</param>
/// <param name="Layers">DARTS: number of cells (DARTS eval: 20). NAS-Bench-201: cells per stage N (benchmark: 5).</param>
/// <param name="Auxiliary">Whether to add DARTS's auxiliary head at 2/3 depth. Default false.</param>
/// <param name="Dropout">Dropout probability before the final classifier, active in train mode only (DARTS, NAS-Bench-201
/// and ENAS macro child networks); 0 = none. Default 0. ENAS's final training uses 0.2 (micro, keep_prob 0.8) and 0.5
/// (macro, keep_prob 0.5); an ENAS macro child keeps its search-time 0.1 when this is 0.</param>
/// <param name="Binary">Build a DARTS-format cell network from BATS's binary op family
/// (<see cref="Ops.Binary.BinaryCellOps"/>: binary activations, real weights until weight binarisation is switched on).
/// Default false.</param>
/// <param name="BinaryGroups">Conv groups of the binary family (only with <paramref name="Binary"/>). Default 12 (BATS).</param>
public sealed record NetworkOptions(int InputChannels, int ImageSize, int Classes, int Channels, int Layers, bool Auxiliary = false,
    double Dropout = 0, bool Binary = false, int BinaryGroups = Ops.Binary.BinaryCellOps.DefaultGroups);
