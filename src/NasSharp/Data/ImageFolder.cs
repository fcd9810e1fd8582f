using SkiaSharp;
using static TorchSharp.torch;

namespace NasSharp.Data;

/// <summary>Reads <c>root/&lt;class&gt;/*.jpg|png|...</c> image folders with SkiaSharp, decoding in parallel.</summary>
public static class ImageFolder
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp",
    };

    /// <summary>True when <paramref name="folder"/> has <c>train/</c> and <c>test/</c> subfolders.</summary>
    public static bool IsSplitFolder(string folder) =>
        Directory.Exists(Path.Combine(folder, "train")) && Directory.Exists(Path.Combine(folder, "test"));

    /// <summary>Loads <c>folder/train</c> and <c>folder/test</c>; classes are the sorted subfolder names of
    /// <c>train/</c>, and <c>test/</c> must have the same ones.</summary>
    public static DatasetSplits LoadSplits(string folder, int maxParallelism)
    {
        string trainDir = Path.Combine(folder, "train");
        string testDir = Path.Combine(folder, "test");
        string[] classes = ClassNames(trainDir);
        string[] testClasses = ClassNames(testDir);
        if (!classes.SequenceEqual(testClasses, StringComparer.Ordinal))
        {
            throw new DataFormatException(testDir,
                $"expected the same class folders as {trainDir} ({string.Join(", ", classes)}), got {string.Join(", ", testClasses)}");
        }
        ImageDataset train = Load(trainDir, classes, maxParallelism);
        try
        {
            ImageDataset test = Load(testDir, classes, maxParallelism);
            if (test.Channels != train.Channels || test.Height != train.Height || test.Width != train.Width)
            {
                var message = $"expected images of {train.Channels}x{train.Height}x{train.Width} like {trainDir}, got {test.Channels}x{test.Height}x{test.Width}";
                test.Dispose();
                throw new DataFormatException(testDir, message);
            }
            return new DatasetSplits(train, test);
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    /// <summary>Sorted (ordinal) names of the subfolders of <paramref name="root"/>.</summary>
    public static string[] ClassNames(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new DataFormatException(root, "folder not found (expected an image folder with one subfolder per class)");
        }
        string[] names = Directory.GetDirectories(root)
            .Select(d => Path.GetFileName(d))
            .Where(n => !n.StartsWith('.'))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray();
        if (names.Length == 0)
        {
            throw new DataFormatException(root, "no class subfolders (expected root/<class>/*.jpg or *.png)");
        }
        return names;
    }

    /// <summary>Loads one image folder <c>root/&lt;class&gt;/*</c> with the given class order.</summary>
    public static ImageDataset Load(string root, IReadOnlyList<string> classes, int maxParallelism)
    {
        var files = new List<string>();
        var labels = new List<long>();
        for (int c = 0; c < classes.Count; c++)
        {
            string dir = Path.Combine(root, classes[c]);
            if (!Directory.Exists(dir))
            {
                throw new DataFormatException(dir, $"class folder not found (expected one subfolder per class in {root})");
            }
            string[] images = Directory.EnumerateFiles(dir)
                .Where(f => Extensions.Contains(Path.GetExtension(f)))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToArray();
            if (images.Length == 0)
            {
                throw new DataFormatException(dir, $"empty class folder (expected image files: {string.Join(", ", Extensions.Order(StringComparer.Ordinal))})");
            }
            files.AddRange(images);
            labels.AddRange(Enumerable.Repeat((long)c, images.Length));
        }

        // The first image fixes the size; every other must match it.
        var (width, height, _) = Probe(files[0]);
        int n = files.Count;
        int plane = width * height;
        var pixels = TensorBytes.Empty(n, 3, height, width);
        try
        {
            IntPtr basePtr = TensorBytes.Pointer(pixels);
            int gray = 0;
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxParallelism) };
            try
            {
                Parallel.For(0, n, options,
                    () => new byte[plane * 4],
                    (i, _, rgba) =>
                    {
                        bool isGray = DecodeInto(files[i], width, height, rgba);
                        unsafe
                        {
                            byte* dst = (byte*)basePtr + (long)i * 3 * plane;
                            for (int p = 0; p < plane; p++)
                            {
                                dst[p] = rgba[4 * p];
                                dst[plane + p] = rgba[4 * p + 1];
                                dst[2 * plane + p] = rgba[4 * p + 2];
                            }
                        }
                        if (isGray)
                        {
                            Interlocked.Increment(ref gray);
                        }
                        return rgba;
                    },
                    _ => { });
            }
            catch (AggregateException e) when (e.InnerExceptions.OfType<DataFormatException>().Any())
            {
                throw e.InnerExceptions.OfType<DataFormatException>().OrderBy(x => x.Path, StringComparer.Ordinal).First();
            }

            var labelTensor = TensorBytes.Labels(labels.ToArray());
            if (gray == n)
            {
                // Every file is encoded as grayscale: keep one channel.
                using var scope = NewDisposeScope();
                var one = pixels.narrow(1, 0, 1).contiguous();
                var result = new ImageDataset(one, labelTensor, classes, root);
                pixels.Dispose();
                return result;
            }
            return new ImageDataset(pixels, labelTensor, classes, root);
        }
        catch
        {
            pixels.Dispose();
            throw;
        }
    }

    private static (int Width, int Height, bool Gray) Probe(string path)
    {
        using var codec = OpenCodec(path);
        return (codec.Info.Width, codec.Info.Height, codec.Info.ColorType == SKColorType.Gray8);
    }

    private static SKCodec OpenCodec(string path)
    {
        byte[] bytes;
        try
        {
            // Reading the file and decoding from memory is ~2x faster than SKData.Create(path) (which maps the file).
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"cannot read the file: {e.Message}", e);
        }
        using var data = SKData.CreateCopy(bytes);
        var codec = SKCodec.Create(data);
        if (codec is null)
        {
            throw new DataFormatException(path, "not a readable image (expected JPEG, PNG, BMP, GIF or WebP)");
        }
        return codec;
    }

    /// <summary>Decodes <paramref name="path"/> as RGBA into <paramref name="rgba"/>; true if encoded grayscale.</summary>
    private static unsafe bool DecodeInto(string path, int width, int height, byte[] rgba)
    {
        using var codec = OpenCodec(path);
        if (codec.Info.Width != width || codec.Info.Height != height)
        {
            throw new DataFormatException(path, $"expected a {width}x{height} image like the first one, got {codec.Info.Width}x{codec.Info.Height}");
        }
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        SKCodecResult result;
        fixed (byte* p = rgba)
        {
            result = codec.GetPixels(info, (IntPtr)p);
        }
        if (result != SKCodecResult.Success)
        {
            throw new DataFormatException(path, $"cannot decode the image ({result})");
        }
        return codec.Info.ColorType == SKColorType.Gray8;
    }
}
