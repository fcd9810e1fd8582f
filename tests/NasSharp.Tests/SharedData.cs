namespace NasSharp.Tests;

/// <summary>Finds the shared data folder: env var NASSHARP_SHARED_DATA, else <c>shared/data</c> in an ancestor of
/// the test binaries (that is, <c>&lt;repo&gt;/../shared/data</c>).</summary>
internal static class SharedData
{
    public static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("NASSHARP_SHARED_DATA");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static string Require(params string[] parts)
    {
        var root = Find() ?? throw new InvalidOperationException(
            "shared data folder not found: set NASSHARP_SHARED_DATA or place shared/data beside the repository");
        var path = Path.Combine([root, .. parts]);
        return File.Exists(path) ? path : throw new FileNotFoundException($"missing shared data file {path}", path);
    }
}
