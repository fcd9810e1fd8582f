namespace NasSharp.Data;

/// <summary>Training-time augmentation applied per batch by <see cref="BatchLoader"/> (the DARTS/ENAS CIFAR recipe
/// by default: random crop with 4 pixels of zero padding and horizontal flips; cutout off).</summary>
/// <param name="RandomCrop">Pad with zeros by <paramref name="Padding"/> on every side, then crop back to the
/// original size at a random offset (default true).</param>
/// <param name="Padding">Zero padding in pixels for the random crop (default 4).</param>
/// <param name="HorizontalFlip">Mirror each image left-right with probability 0.5 (default true).</param>
/// <param name="CutoutLength">Side of the square set to zero after normalisation, centred at a random pixel and
/// clipped at the borders, as DARTS's Cutout (default 0 = off; DARTS uses 16 on CIFAR-10).</param>
public sealed record AugmentationOptions(bool RandomCrop = true, int Padding = 4, bool HorizontalFlip = true, int CutoutLength = 0)
{
    /// <summary>No augmentation at all.</summary>
    public static AugmentationOptions None { get; } = new(RandomCrop: false, Padding: 0, HorizontalFlip: false, CutoutLength: 0);

    /// <summary>True when this does nothing.</summary>
    public bool IsNone => !(RandomCrop && Padding > 0) && !HorizontalFlip && CutoutLength <= 0;
}
