namespace NasSharp.Networks;

using NasSharp.SearchSpaces;

/// <summary>Builds the child network for any supported architecture.</summary>
public static class NetworkBuilder
{
    /// <summary>Canonical names of the search spaces whose architectures <see cref="Build"/> can build
    /// (<c>enas-micro</c> cells are DARTS-format cells).</summary>
    public static IReadOnlyList<string> Spaces { get; } = ["darts", "nb201", "enas-micro", "enas-macro", "petridish"];

    /// <summary>Builds a network for <paramref name="architecture"/>; throws <see cref="NotSupportedException"/>
    /// naming the space when no network exists for it. With <see cref="NetworkOptions.Binary"/> a DARTS-format cell is
    /// built from BATS's binary family (<see cref="Ops.Binary.BinaryCellOps"/> with <see cref="NetworkOptions.BinaryGroups"/>);
    /// other spaces then throw <see cref="NotSupportedException"/>.</summary>
    public static ClassificationNetwork Build(Architecture architecture, NetworkOptions options) => options.Binary
        ? architecture is CellGenotype cell
            ? new DartsNetwork(cell, options, new Ops.Binary.BinaryCellOps(options.BinaryGroups))
            : throw new NotSupportedException(
                $"Binary networks (--binary) are built from DARTS-format cells only (spaces darts and enas-micro); architectures of space '{architecture.Space}' have none.")
        : architecture switch
    {
        CellGenotype g => new DartsNetwork(g, options),
        Nb201Genotype g => new Nb201Network(g, options),
        EnasMacroGenotype g => new EnasMacroNetwork(g, options),
        PetridishGenotype g => new PetridishNetwork(g, options),
        _ => throw new NotSupportedException(
            $"No image classification network for architectures of space '{architecture.Space}'. Supported: darts (and ENAS micro cells), nb201, enas-macro, petridish."),
    };
}
