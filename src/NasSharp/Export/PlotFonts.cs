using System.Reflection;
using System.Security.Cryptography;

namespace NasSharp.Export;

/// <summary>
/// Makes ScottPlot draw text. With the dependency-free Skia build there are no system fonts, and ScottPlot then
/// silently renders plots without any text; this registers the DejaVu Sans font shipped inside this assembly
/// (<c>Export/Fonts/DejaVuSans.ttf</c>, licence beside it) and makes it ScottPlot's default font.
/// </summary>
public static class PlotFonts
{
    /// <summary>Family name under which the shipped font is registered with ScottPlot.</summary>
    public const string FamilyName = "DejaVu Sans";

    private const string ResourceName = "NasSharp.Export.Fonts.DejaVuSans.ttf";
    private static readonly Lock Gate = new();
    private static bool registered;

    /// <summary>
    /// Registers the shipped font with ScottPlot (regular, bold, italic and bold italic all map to it) and sets
    /// <see cref="ScottPlot.Fonts.Default"/> to it. The first call writes the font once to a file named after its
    /// SHA-256 under <c>$TMPDIR/nassharp-fonts/</c> (ScottPlot loads fonts from files); later calls do nothing.
    /// Call before creating a <see cref="ScottPlot.Plot"/>: a plot takes the default font when it is created.
    /// Thread-safe.
    /// </summary>
    /// <returns>The path of the font file ScottPlot reads.</returns>
    public static string Ensure()
    {
        lock (Gate)
        {
            string path = FontFile();
            if (!registered)
            {
                foreach (bool bold in new[] { false, true })
                {
                    foreach (bool italic in new[] { false, true })
                        ScottPlot.Fonts.AddFontFile(FamilyName, path, bold, italic);
                }

                registered = true;
            }

            ScottPlot.Fonts.Default = FamilyName;
            return path;
        }
    }

    /// <summary>The font's bytes, as embedded in the assembly.</summary>
    internal static byte[] FontBytes()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded font '{ResourceName}' is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string FontFile()
    {
        byte[] bytes = FontBytes();
        string hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        string dir = Path.Combine(Path.GetTempPath(), "nassharp-fonts");
        string path = Path.Combine(dir, $"DejaVuSans-{hash}.ttf");
        if (File.Exists(path) && new FileInfo(path).Length == bytes.Length) return path;

        // Write beside it and rename, so another process never reads a half-written file.
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $"{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
