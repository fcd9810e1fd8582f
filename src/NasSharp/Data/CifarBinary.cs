namespace NasSharp.Data;

/// <summary>Reads the CIFAR-10 / CIFAR-100 binary versions: records of label byte(s) + 3072 pixel bytes
/// (1024 red, 1024 green, 1024 blue, row-major 32x32).</summary>
internal static class CifarBinary
{
    /// <summary>The CIFAR-10 class names in label order.</summary>
    public static readonly string[] Cifar10Classes =
    [
        "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
    ];

    /// <summary>The CIFAR-100 fine class names in label order (alphabetical).</summary>
    public static readonly string[] Cifar100Classes =
    [
        "apple", "aquarium_fish", "baby", "bear", "beaver", "bed", "bee", "beetle", "bicycle", "bottle",
        "bowl", "boy", "bridge", "bus", "butterfly", "camel", "can", "castle", "caterpillar", "cattle",
        "chair", "chimpanzee", "clock", "cloud", "cockroach", "couch", "crab", "crocodile", "cup", "dinosaur",
        "dolphin", "elephant", "flatfish", "forest", "fox", "girl", "hamster", "house", "kangaroo", "keyboard",
        "lamp", "lawn_mower", "leopard", "lion", "lizard", "lobster", "man", "maple_tree", "motorcycle", "mountain",
        "mouse", "mushroom", "oak_tree", "orange", "orchid", "otter", "palm_tree", "pear", "pickup_truck", "pine_tree",
        "plain", "plate", "poppy", "porcupine", "possum", "rabbit", "raccoon", "ray", "road", "rocket",
        "rose", "sea", "seal", "shark", "shrew", "skunk", "skyscraper", "snail", "snake", "spider",
        "squirrel", "streetcar", "sunflower", "sweet_pepper", "table", "tank", "telephone", "television", "tiger", "tractor",
        "train", "trout", "tulip", "turtle", "wardrobe", "whale", "willow_tree", "wolf", "woman", "worm",
    ];

    private const int PixelBytes = 3 * 32 * 32;

    /// <summary>The folder holding the binary files: <paramref name="folder"/> itself or its
    /// <c>cifar-10-batches-bin</c> / <c>cifar-100-binary</c> subfolder; <c>null</c> if none.</summary>
    public static string? Locate(string folder)
    {
        foreach (string candidate in new[] { folder, Path.Combine(folder, "cifar-10-batches-bin"), Path.Combine(folder, "cifar-100-binary") })
        {
            if (IsCifar10(candidate) || IsCifar100(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Loads CIFAR-10 (<c>data_batch_*.bin</c> + <c>test_batch.bin</c>) or CIFAR-100
    /// (<c>train.bin</c> + <c>test.bin</c>, fine labels) from <paramref name="folder"/>.</summary>
    public static DatasetSplits Load(string folder)
    {
        if (IsCifar10(folder))
        {
            string[] trainFiles = Directory.GetFiles(folder, "data_batch_*.bin").OrderBy(f => f, StringComparer.Ordinal).ToArray();
            string testFile = Path.Combine(folder, "test_batch.bin");
            if (!File.Exists(testFile))
            {
                throw new DataFormatException(testFile, "file not found (expected test_batch.bin next to data_batch_*.bin)");
            }
            string[] classes = ReadNames(Path.Combine(folder, "batches.meta.txt")) ?? Cifar10Classes;
            return Build(trainFiles, [testFile], labelBytes: 1, classes);
        }
        if (IsCifar100(folder))
        {
            string[] classes = ReadNames(Path.Combine(folder, "fine_label_names.txt")) ?? Cifar100Classes;
            return Build([Path.Combine(folder, "train.bin")], [Path.Combine(folder, "test.bin")], labelBytes: 2, classes);
        }
        throw new DataFormatException(folder, "expected CIFAR-10 binary files (data_batch_1.bin .. data_batch_5.bin, test_batch.bin) or CIFAR-100 (train.bin, test.bin)");
    }

    private static bool IsCifar10(string folder) =>
        Directory.Exists(folder) && Directory.EnumerateFiles(folder, "data_batch_*.bin").Any();

    private static bool IsCifar100(string folder) =>
        File.Exists(Path.Combine(folder, "train.bin")) && File.Exists(Path.Combine(folder, "test.bin"));

    private static string[]? ReadNames(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        string[] names = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        return names.Length > 0 ? names : null;
    }

    private static DatasetSplits Build(string[] trainFiles, string[] testFiles, int labelBytes, string[] classes)
    {
        ImageDataset train = Read(trainFiles, labelBytes, classes);
        try
        {
            return new DatasetSplits(train, Read(testFiles, labelBytes, classes));
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    /// <summary>Reads and concatenates binary batch files; the label is the last label byte (fine label for CIFAR-100).</summary>
    public static ImageDataset Read(string[] files, int labelBytes, IReadOnlyList<string> classes)
    {
        int record = labelBytes + PixelBytes;
        var contents = new List<byte[]>();
        long total = 0;
        foreach (string file in files)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DataFormatException(file, $"cannot read: {e.Message}", e);
            }
            if (bytes.Length == 0 || bytes.Length % record != 0)
            {
                throw new DataFormatException(file,
                    $"expected a whole number of {record}-byte records ({labelBytes} label byte(s) + {PixelBytes} pixel bytes), got {bytes.Length} bytes");
            }
            contents.Add(bytes);
            total += bytes.Length / record;
        }

        var labels = new long[total];
        var pixels = TensorBytes.Empty(total, 3, 32, 32);
        try
        {
            Span<byte> dst = TensorBytes.Span(pixels);
            long n = 0;
            for (int f = 0; f < contents.Count; f++)
            {
                byte[] bytes = contents[f];
                for (int offset = 0; offset < bytes.Length; offset += record, n++)
                {
                    int label = bytes[offset + labelBytes - 1];
                    if (label >= classes.Count)
                    {
                        throw new DataFormatException(files[f], $"record {offset / record} has label {label}, expected 0..{classes.Count - 1}");
                    }
                    labels[n] = label;
                    bytes.AsSpan(offset + labelBytes, PixelBytes).CopyTo(dst.Slice(checked((int)(n * PixelBytes)), PixelBytes));
                }
            }
            return new ImageDataset(pixels, TensorBytes.Labels(labels), classes, files.Length == 1 ? files[0] : Path.GetDirectoryName(files[0]) ?? files[0]);
        }
        catch
        {
            pixels.Dispose();
            throw;
        }
    }
}
