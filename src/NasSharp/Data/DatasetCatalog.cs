using System.Reflection;

namespace NasSharp.Data;

/// <summary>Finds and loads datasets by name or path.</summary>
public static class DatasetCatalog
{
    /// <summary>Environment variable naming the folder where named datasets are looked up when no
    /// <c>dataDir</c> is given (or the dataset is not found there).</summary>
    public const string DataDirVariable = "NASSHARP_DATA";

    /// <summary>Name of the built-in dataset: a balanced Fashion-MNIST subset (10,000 train / 2,000 test, 1x28x28)
    /// embedded in the assembly, see <c>src/NasSharp/Data/Default/README.md</c>.</summary>
    public const string DefaultName = "default";

    /// <summary>The Fashion-MNIST class names in label order.</summary>
    public static IReadOnlyList<string> FashionMnistClasses { get; } =
    [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ];

    private static readonly IReadOnlyList<string> Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    // Folder names tried, in order, for each named dataset inside a data directory.
    private static readonly Dictionary<string, string[]> Folders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fashion-mnist"] = ["fashion-mnist", "fashion_mnist", "FashionMNIST"],
        ["mnist"] = ["mnist", "MNIST"],
        ["cifar10"] = ["cifar10", "cifar-10", "cifar-10-batches-bin", "cifar-10-jpeg-q75"],
        ["cifar100"] = ["cifar100", "cifar-100", "cifar-100-binary"],
    };

    /// <summary>The dataset names <see cref="Load"/> accepts besides paths:
    /// <c>default</c>, <c>fashion-mnist</c>, <c>mnist</c>, <c>cifar10</c>, <c>cifar100</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = [DefaultName, "fashion-mnist", "mnist", "cifar10", "cifar100"];

    /// <summary>Loads the train and test parts of a dataset.</summary>
    /// <param name="nameOrPath"><c>default</c> (built in), a name from <see cref="Names"/> (looked up in
    /// <paramref name="dataDir"/>, then in the folder named by the <c>NASSHARP_DATA</c> environment variable), or a
    /// folder whose format is detected: IDX files (<c>train-images-idx3-ubyte[.gz]</c>, <c>train-labels-idx1-ubyte[.gz]</c>,
    /// <c>t10k-…</c>), CIFAR-10 binary (<c>data_batch_*.bin</c>, <c>test_batch.bin</c>), CIFAR-100 binary
    /// (<c>train.bin</c>, <c>test.bin</c>), or an image folder with <c>train/&lt;class&gt;/*</c> and <c>test/&lt;class&gt;/*</c>.</param>
    /// <param name="dataDir">Folder holding named datasets (default <c>null</c>: use <c>NASSHARP_DATA</c> only).</param>
    /// <returns>The two parts; the caller disposes them.</returns>
    /// <exception cref="DataFormatException">The dataset cannot be found or is malformed; the message names the
    /// file or folder.</exception>
    public static DatasetSplits Load(string nameOrPath, string? dataDir = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        if (string.Equals(nameOrPath, DefaultName, StringComparison.OrdinalIgnoreCase))
        {
            return LoadDefault();
        }
        if (Folders.TryGetValue(nameOrPath, out string[]? candidates))
        {
            string folder = FindNamed(nameOrPath, candidates, dataDir);
            return LoadFolder(folder, ClassesFor(nameOrPath));
        }
        if (File.Exists(nameOrPath))
        {
            throw new DataFormatException(nameOrPath, "expected a dataset folder, got a file");
        }
        if (!Directory.Exists(nameOrPath))
        {
            throw new DataFormatException(nameOrPath,
                $"folder not found, and not a dataset name ({string.Join(", ", Names)})");
        }
        return LoadFolder(nameOrPath, null);
    }

    /// <summary>The built-in <c>default</c> dataset, read from the assembly's embedded resources.</summary>
    private static DatasetSplits LoadDefault()
    {
        Assembly assembly = typeof(DatasetCatalog).Assembly;
        ImageDataset Part(string prefix)
        {
            string images = $"NasSharp.Data.Default.{prefix}-images-idx3-ubyte.gz";
            string labels = $"NasSharp.Data.Default.{prefix}-labels-idx1-ubyte.gz";
            Stream Open(string name) => assembly.GetManifestResourceStream(name)
                ?? throw new DataFormatException($"embedded:{name}", "resource missing from the NasSharp assembly");
            return Combine(Idx.ReadImages($"embedded:{images}", () => Open(images)),
                Idx.ReadLabels($"embedded:{labels}", () => Open(labels)), FashionMnistClasses,
                $"built-in default dataset ({prefix}, Fashion-MNIST subset)", $"embedded:{images}");
        }
        ImageDataset train = Part("train");
        try
        {
            return new DatasetSplits(train, Part("t10k"));
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    private static IReadOnlyList<string>? ClassesFor(string name) => name.ToLowerInvariant() switch
    {
        "fashion-mnist" => FashionMnistClasses,
        "mnist" => Digits,
        _ => null,
    };

    private static string FindNamed(string name, string[] candidates, string? dataDir)
    {
        string? env = Environment.GetEnvironmentVariable(DataDirVariable);
        var roots = new List<string>();
        if (!string.IsNullOrWhiteSpace(dataDir))
        {
            roots.Add(dataDir);
        }
        if (!string.IsNullOrWhiteSpace(env))
        {
            roots.Add(env);
        }
        foreach (string root in roots)
        {
            foreach (string candidate in candidates)
            {
                string folder = Path.Combine(root, candidate);
                if (Directory.Exists(folder))
                {
                    return folder;
                }
            }
        }
        string where = roots.Count == 0
            ? $"no data folder given: pass dataDir (--data-dir) or set the {DataDirVariable} environment variable"
            : $"looked in {string.Join(" and ", roots.Select(r => $"'{r}'"))} (dataDir, then {DataDirVariable}) for {string.Join(", ", candidates)}";
        throw new DataFormatException(name, $"dataset not found: {where}");
    }

    private static DatasetSplits LoadFolder(string folder, IReadOnlyList<string>? classes)
    {
        string? trainImages = Idx.Find(folder, "train", "images", 3);
        if (trainImages is not null)
        {
            bool fashion = folder.Contains("fashion", StringComparison.OrdinalIgnoreCase);
            classes ??= fashion ? FashionMnistClasses : null;
            ImageDataset train = ReadIdxPart(folder, "train", classes);
            try
            {
                return new DatasetSplits(train, ReadIdxPart(folder, "t10k", train.Classes, "test"));
            }
            catch
            {
                train.Dispose();
                throw;
            }
        }
        string? cifar = CifarBinary.Locate(folder);
        if (cifar is not null)
        {
            return CifarBinary.Load(cifar);
        }
        if (ImageFolder.IsSplitFolder(folder))
        {
            return ImageFolder.LoadSplits(folder, Environment.ProcessorCount);
        }
        throw new DataFormatException(folder,
            "unknown dataset layout: expected IDX files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz), " +
            "CIFAR-10 binary (data_batch_1.bin .. data_batch_5.bin, test_batch.bin), CIFAR-100 binary (train.bin, test.bin), " +
            "or an image folder with train/<class>/*.jpg and test/<class>/*.jpg");
    }

    private static ImageDataset ReadIdxPart(string folder, string prefix, IReadOnlyList<string>? classes, string? altPrefix = null)
    {
        string? images = Idx.Find(folder, prefix, "images", 3) ?? (altPrefix is null ? null : Idx.Find(folder, altPrefix, "images", 3));
        string? labels = Idx.Find(folder, prefix, "labels", 1) ?? (altPrefix is null ? null : Idx.Find(folder, altPrefix, "labels", 1));
        if (images is null || labels is null)
        {
            string missing = images is null ? $"{prefix}-images-idx3-ubyte.gz" : $"{prefix}-labels-idx1-ubyte.gz";
            throw new DataFormatException(Path.Combine(folder, missing), "file not found (expected gzipped or plain IDX)");
        }
        var pixels = Idx.ReadImages(images);
        long[] labelValues;
        try
        {
            labelValues = Idx.ReadLabels(labels);
        }
        catch
        {
            pixels.Dispose();
            throw;
        }
        return Combine(pixels, labelValues, classes, images, labels);
    }

    /// <summary>Builds a dataset from IDX parts, checking counts and label range.</summary>
    private static ImageDataset Combine(TorchSharp.torch.Tensor pixels, long[] labels, IReadOnlyList<string>? classes, string source, string labelsFile)
    {
        try
        {
            if (pixels.shape[0] != labels.Length)
            {
                throw new DataFormatException(labelsFile, $"expected {pixels.shape[0]} labels to match the images in {source}, got {labels.Length}");
            }
            long max = labels.Length == 0 ? 0 : labels.Max();
            if (classes is null)
            {
                classes = Enumerable.Range(0, (int)Math.Max(max + 1, 1)).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            }
            else if (max >= classes.Count)
            {
                throw new DataFormatException(labelsFile, $"expected labels 0..{classes.Count - 1}, got {max}");
            }
            return new ImageDataset(pixels, TensorBytes.Labels(labels), classes, source);
        }
        catch
        {
            pixels.Dispose();
            throw;
        }
    }
}
