namespace NasSharp.Benchmarks;

using System.Collections.Concurrent;
using NasSharp.SearchSpaces;

/// <summary>
/// The NAS-Bench-201 table as an oracle (Dong &amp; Yang, ICLR 2020; NATS-Bench tss): every column of
/// <c>nas-bench-201.csv</c> and <c>nas-bench-201-12epoch.csv</c> for all 15,625 cells, looked up by index, arch string
/// or genotype. Immutable; loaded once per folder per process (<see cref="Load"/>). On load every row's index and arch
/// string is checked against <see cref="Nb201SearchSpace"/>'s enumeration.
/// </summary>
public sealed class Nb201Benchmark
{
    /// <summary>File name of the 200-epoch table.</summary>
    public const string MainFile = "nas-bench-201.csv";

    /// <summary>File name of the 12-epoch table.</summary>
    public const string EpochFile = "nas-bench-201-12epoch.csv";

    /// <summary>Folder name looked up under <c>$NASSHARP_DATA</c> and under <c>shared/data</c>.</summary>
    public const string FolderName = "nas-bench-201";

    /// <summary>The names <see cref="ParseDataset"/> accepts, in <see cref="Nb201Dataset"/> order.</summary>
    public static IReadOnlyList<string> DatasetNames { get; } = ["cifar10", "cifar100", "imagenet16-120"];

    private static readonly ConcurrentDictionary<string, Lazy<Nb201Benchmark>> Cache = new(StringComparer.Ordinal);
    private static readonly Nb201SearchSpace Space = new();

    private readonly Nb201Entry[] _entries;
    private readonly Dictionary<Nb201Dataset, double[]> _sorted = [];

    private Nb201Benchmark(string folder, Nb201Entry[] entries)
    {
        Folder = folder;
        _entries = entries;
        foreach (var d in Enum.GetValues<Nb201Dataset>())
            _sorted[d] = entries.Select(e => e.TestAccuracy(d)).Order().ToArray();
    }

    /// <summary>The folder the table was read from (full path).</summary>
    public string Folder { get; }

    /// <summary>All 15,625 rows; element <c>i</c> is index <c>i</c>.</summary>
    public IReadOnlyList<Nb201Entry> Entries => _entries;

    /// <summary>The row of benchmark index <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0..15624.</exception>
    public Nb201Entry At(int index)
    {
        if (index < 0 || index >= _entries.Length)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"A NAS-Bench-201 index is 0..{_entries.Length - 1}.");
        return _entries[index];
    }

    /// <summary>The row of a cell.</summary>
    /// <exception cref="ArchitectureFormatException">The cell is not in the NB201 space.</exception>
    public Nb201Entry Find(Nb201Genotype genotype) => _entries[Space.IndexOf(genotype)];

    /// <summary>The row of an arch string (<c>|op~0|+|op~0|op~1|+|op~0|op~1|op~2|</c>; whitespace around it ignored).</summary>
    /// <exception cref="ArchitectureFormatException">Not an NB201 string; the message names the node and edge.</exception>
    public Nb201Entry Find(string arch) => Find(Nb201Format.Parse(arch));

    /// <summary>Rank of <paramref name="entry"/> by 200-epoch test accuracy on <paramref name="dataset"/>: 1 + the number
    /// of cells strictly better (ties share a rank).</summary>
    public int Rank(Nb201Entry entry, Nb201Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var sorted = _sorted[dataset];
        return sorted.Length - UpperBound(sorted, entry.TestAccuracy(dataset)) + 1;
    }

    /// <summary>Percentile of <paramref name="entry"/> on <paramref name="dataset"/>: the percentage of cells whose
    /// 200-epoch test accuracy is at most its own (the best cell: 100).</summary>
    public double Percentile(Nb201Entry entry, Nb201Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var sorted = _sorted[dataset];
        return 100.0 * UpperBound(sorted, entry.TestAccuracy(dataset)) / sorted.Length;
    }

    /// <summary>The <paramref name="n"/> best cells by 200-epoch test accuracy on <paramref name="dataset"/> (ties: lower index first).</summary>
    public IReadOnlyList<Nb201Entry> Top(Nb201Dataset dataset, int n) =>
        _entries.OrderByDescending(e => e.TestAccuracy(dataset)).ThenBy(e => e.Index).Take(Math.Max(0, n)).ToArray();

    /// <summary>The dataset called <paramref name="name"/> (<c>cifar10</c>, <c>cifar100</c>, <c>imagenet16-120</c>;
    /// any case; <c>imagenet16</c> and <c>imagenet16_120</c> accepted too).</summary>
    /// <exception cref="ArgumentException">Another name; the message lists the valid ones.</exception>
    public static Nb201Dataset ParseDataset(string name) => name.ToLowerInvariant() switch
    {
        "cifar10" or "cifar-10" => Nb201Dataset.Cifar10,
        "cifar100" or "cifar-100" => Nb201Dataset.Cifar100,
        "imagenet16-120" or "imagenet16_120" or "imagenet16" => Nb201Dataset.ImageNet16,
        _ => throw new ArgumentException($"Unknown NAS-Bench-201 dataset '{name}'. Valid datasets: {string.Join(", ", DatasetNames)}.", nameof(name)),
    };

    /// <summary>The table at <paramref name="path"/>, loaded once per folder per process (thread-safe).</summary>
    /// <param name="path">A folder holding <see cref="MainFile"/> and <see cref="EpochFile"/>, or either file; null
    /// (default): <c>$NASSHARP_DATA/nas-bench-201</c>, else the first <c>shared/data/nas-bench-201</c> (or
    /// <c>data/nas-bench-201</c>) in the application's base folder, the current folder or one of their ancestors.</param>
    /// <exception cref="FileNotFoundException">Nothing is at <paramref name="path"/>, or (null) no table was found; the
    /// message names where it looked.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt; the message names the file, line and column.</exception>
    public static Nb201Benchmark Load(string? path = null)
    {
        var folder = path is null
            ? Nb201Location.Find() ?? throw new FileNotFoundException(
                $"NAS-Bench-201 table not found: looked for {MainFile} in {Nb201Location.Describe()}; give its folder with --benchmark PATH or set NASSHARP_DATA.")
            : Nb201Location.FolderOf(path);
        var lazy = Cache.GetOrAdd(folder, f => new Lazy<Nb201Benchmark>(() => Read(f), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Cache.TryRemove(new KeyValuePair<string, Lazy<Nb201Benchmark>>(folder, lazy)); // a fixed file loads next time
            throw;
        }
    }

    /// <summary>Like <see cref="Load"/>, but null when the table is not found (a corrupt table still throws).</summary>
    public static Nb201Benchmark? TryLoad(string? path = null)
    {
        if (path is null) return Nb201Location.Find() is null ? null : Load();
        return Nb201Location.Exists(path) ? Load(path) : null;
    }

    private static Nb201Benchmark Read(string folder)
    {
        var mainPath = Path.Combine(folder, MainFile);
        var epochPath = Path.Combine(folder, EpochFile);
        var main = Nb201Csv.Read(mainPath, Nb201Csv.MainHeader);
        var epoch = Nb201Csv.Read(epochPath, Nb201Csv.EpochHeader);
        var cells = Space.Enumerate();
        var entries = new Nb201Entry[cells.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var m = main[i];
            var e = epoch[i];
            entries[i] = new Nb201Entry(i, Nb201Format.Format(cells[i]), cells[i], m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8],
                e[0], e[1], e[2], e[3], e[4], e[5]);
        }
        return new Nb201Benchmark(folder, entries);
    }

    // The number of values <= x in an ascending array.
    private static int UpperBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] <= x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
