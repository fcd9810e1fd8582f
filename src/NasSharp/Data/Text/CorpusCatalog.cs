namespace NasSharp.Data.Text;

using System.Reflection;

/// <summary>
/// Finds a language-model corpus by name or path: <c>ptb-small</c> (also <c>default</c>: a slice of PTB built into the
/// assembly, <c>Data/Text/Ptb/README.md</c>), <c>ptb</c> (the folder <c>ptb</c> looked up in the data folder, then in
/// <c>$NASSHARP_DATA</c>, then in <c>../shared/data</c> above the current directory), or a folder holding
/// <c>ptb.{train,valid,test}.txt</c> or <c>{train,valid,test}.txt</c>.
/// </summary>
public static class CorpusCatalog
{
    /// <summary>The built-in corpus's name.</summary>
    public const string BuiltInName = "ptb-small";

    /// <summary>Names <see cref="Load"/> knows.</summary>
    public static IReadOnlyList<string> Names { get; } = [BuiltInName, "default", "ptb"];

    /// <summary>Loads the corpus named or found at <paramref name="nameOrPath"/>.</summary>
    /// <param name="nameOrPath">A name of <see cref="Names"/> or a folder.</param>
    /// <param name="dataDir">Folder where names are looked up before <c>$NASSHARP_DATA</c>; default none.</param>
    /// <exception cref="DataFormatException">Not found, a file missing, or a file empty; the message names it.</exception>
    public static Corpus Load(string nameOrPath, string? dataDir = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        var key = nameOrPath.Trim();
        if (key.Equals(BuiltInName, StringComparison.OrdinalIgnoreCase) || key.Equals("default", StringComparison.OrdinalIgnoreCase))
            return LoadBuiltIn();
        if (key.Equals("ptb", StringComparison.OrdinalIgnoreCase) && !Directory.Exists(key))
            return LoadFolder(FindPtb(dataDir), "ptb");
        return LoadFolder(key, key);
    }

    /// <summary>Loads a folder holding <c>ptb.{train,valid,test}.txt</c> or <c>{train,valid,test}.txt</c>.</summary>
    /// <exception cref="DataFormatException">The folder or a file is missing, or a file is empty.</exception>
    public static Corpus LoadFolder(string folder, string? name = null)
    {
        if (!Directory.Exists(folder))
            throw new DataFormatException(folder, $"corpus folder not found; expected a folder with ptb.train.txt, ptb.valid.txt and ptb.test.txt (or train.txt, valid.txt, test.txt), or one of: {string.Join(", ", Names)}");
        string File(string split)
        {
            foreach (var candidate in new[] { $"ptb.{split}.txt", $"{split}.txt" })
            {
                var path = Path.Combine(folder, candidate);
                if (System.IO.File.Exists(path)) return path;
            }
            throw new DataFormatException(Path.Combine(folder, $"ptb.{split}.txt"), $"missing: the corpus folder needs ptb.{split}.txt or {split}.txt");
        }
        var (train, valid, test) = (File("train"), File("valid"), File("test"));
        using var a = new StreamReader(train);
        using var b = new StreamReader(valid);
        using var c = new StreamReader(test);
        return Corpus.Read(name ?? folder, (train, a), (valid, b), (test, c));
    }

    /// <summary>The built-in slice of PTB.</summary>
    public static Corpus LoadBuiltIn()
    {
        var assembly = typeof(CorpusCatalog).Assembly;
        StreamReader Open(string split)
        {
            var resource = $"NasSharp.Data.Text.Ptb.ptb.{split}.txt";
            var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new DataFormatException(resource, "the built-in corpus is missing from the assembly");
            return new StreamReader(stream);
        }
        using var a = Open("train");
        using var b = Open("valid");
        using var c = Open("test");
        return Corpus.Read(BuiltInName, ("ptb-small/ptb.train.txt", a), ("ptb-small/ptb.valid.txt", b), ("ptb-small/ptb.test.txt", c));
    }

    private static string FindPtb(string? dataDir)
    {
        var roots = new List<string>();
        if (!string.IsNullOrWhiteSpace(dataDir)) roots.Add(dataDir);
        if (Environment.GetEnvironmentVariable(DatasetCatalog.DataDirVariable) is { Length: > 0 } env) roots.Add(env);
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            roots.Add(Path.Combine(dir.FullName, "..", "shared", "data"));
        foreach (var root in roots)
        {
            var folder = Path.Combine(root, "ptb");
            if (Directory.Exists(folder)) return Path.GetFullPath(folder);
        }
        throw new DataFormatException("ptb", $"corpus not found: looked for a folder 'ptb' in --data-dir, ${DatasetCatalog.DataDirVariable} and ../shared/data above the current directory; pass the folder itself as --data");
    }
}
