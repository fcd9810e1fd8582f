using NasSharp.SearchSpaces;

namespace NasSharp.Tests.Export;

/// <summary>Hand-built genotypes for the export tests.</summary>
internal static class ExportSamples
{
    /// <summary>DARTS_V2 from DARTS <c>cnn/genotypes.py</c>.</summary>
    public static CellGenotype DartsV2 { get; } = new(
        new Cell(
            [
                new(OpNames.SepConv3x3, 0), new(OpNames.SepConv3x3, 1),
                new(OpNames.SepConv3x3, 0), new(OpNames.SepConv3x3, 1),
                new(OpNames.SepConv3x3, 1), new(OpNames.SkipConnect, 0),
                new(OpNames.SkipConnect, 0), new(OpNames.DilConv3x3, 2),
            ],
            [2, 3, 4, 5]),
        new Cell(
            [
                new(OpNames.MaxPool3x3, 0), new(OpNames.MaxPool3x3, 1),
                new(OpNames.SkipConnect, 2), new(OpNames.MaxPool3x3, 1),
                new(OpNames.MaxPool3x3, 0), new(OpNames.SkipConnect, 2),
                new(OpNames.SkipConnect, 2), new(OpNames.MaxPool3x3, 1),
            ],
            [2, 3, 4, 5]));

    /// <summary>A NAS-Bench-201 cell with two <c>none</c> edges:
    /// <c>|nor_conv_3x3~0|+|none~0|skip_connect~1|+|nor_conv_1x1~0|none~1|avg_pool_3x3~2|</c>.</summary>
    public static Nb201Genotype Nb201 { get; } = new(
        [OpNames.NorConv3x3, OpNames.None, OpNames.SkipConnect, OpNames.NorConv1x1, OpNames.None, OpNames.AvgPool3x3]);

    /// <summary>Writes <paramref name="text"/> to <c>$NASSHARP_DRAW_DIR/name</c> when that variable is set
    /// (for looking at the drawings by eye).</summary>
    public static void Save(string name, string text)
    {
        string? dir = Environment.GetEnvironmentVariable("NASSHARP_DRAW_DIR");
        if (string.IsNullOrEmpty(dir)) return;
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name), text);
    }
}
