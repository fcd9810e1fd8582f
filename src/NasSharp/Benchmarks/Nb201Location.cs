namespace NasSharp.Benchmarks;

using NasSharp.Data;

/// <summary>Where the NAS-Bench-201 table is: a given folder or file, <c>$NASSHARP_DATA/nas-bench-201</c>, or
/// <c>shared/data/nas-bench-201</c> / <c>data/nas-bench-201</c> above the application or the current folder.</summary>
internal static class Nb201Location
{
    /// <summary>The full path of the folder named by <paramref name="path"/> (a folder, or one of the two CSV files).</summary>
    /// <exception cref="FileNotFoundException">Nothing is there, or a file of another name.</exception>
    public static string FolderOf(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) return full;
        if (File.Exists(full))
        {
            var name = Path.GetFileName(full);
            if (name is Nb201Benchmark.MainFile or Nb201Benchmark.EpochFile) return Path.GetDirectoryName(full)!;
            throw new FileNotFoundException(
                $"--benchmark '{path}': expected the NAS-Bench-201 folder or {Nb201Benchmark.MainFile} / {Nb201Benchmark.EpochFile}, got another file.", full);
        }
        throw new FileNotFoundException($"NAS-Bench-201 table '{path}' does not exist (expected a folder holding {Nb201Benchmark.MainFile} and {Nb201Benchmark.EpochFile}).", full);
    }

    /// <summary>Whether <paramref name="path"/> names an existing folder or file.</summary>
    public static bool Exists(string path) => Directory.Exists(path) || File.Exists(path);

    /// <summary>The first candidate folder that holds <see cref="Nb201Benchmark.MainFile"/>, or null.</summary>
    public static string? Find() => Candidates().FirstOrDefault(c => File.Exists(Path.Combine(c, Nb201Benchmark.MainFile)));

    /// <summary>Where the default lookup looks, in words (for error messages).</summary>
    public static string Describe()
    {
        var env = Environment.GetEnvironmentVariable(DatasetCatalog.DataDirVariable);
        var first = string.IsNullOrWhiteSpace(env) ? "$NASSHARP_DATA/nas-bench-201 (NASSHARP_DATA is not set)" : Path.Combine(env, Nb201Benchmark.FolderName);
        return $"{first} and shared/data/{Nb201Benchmark.FolderName} or data/{Nb201Benchmark.FolderName} in '{AppContext.BaseDirectory}', '{Environment.CurrentDirectory}' and their ancestors";
    }

    /// <summary>Every folder the default lookup tries, in order.</summary>
    public static IEnumerable<string> Candidates()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var env = Environment.GetEnvironmentVariable(DatasetCatalog.DataDirVariable);
        if (!string.IsNullOrWhiteSpace(env) && seen.Add(Path.GetFullPath(Path.Combine(env, Nb201Benchmark.FolderName))))
            yield return Path.GetFullPath(Path.Combine(env, Nb201Benchmark.FolderName));
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                foreach (var c in new[] { Path.Combine(dir.FullName, "shared", "data", Nb201Benchmark.FolderName), Path.Combine(dir.FullName, "data", Nb201Benchmark.FolderName) })
                    if (Directory.Exists(c) && seen.Add(c)) yield return c;
            }
        }
    }
}
