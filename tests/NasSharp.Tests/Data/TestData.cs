namespace NasSharp.Tests.Data;

/// <summary>Locates the project's shared read-only data and makes scratch folders.</summary>
internal static class TestData
{
    /// <summary><c>&lt;repo&gt;/../shared/data</c>, found from <c>NASSHARP_SHARED_DATA</c> or by walking up from the
    /// test binaries. Throws (the data must exist; never skip).</summary>
    public static string SharedData => global::NasSharp.Tests.SharedData.Find()
        ?? throw new DirectoryNotFoundException("shared data not found: set NASSHARP_SHARED_DATA or put it at <repo>/../shared/data");

    /// <summary>A fresh empty folder under the system temp folder.</summary>
    public static TempDir NewTempDir() => new();
}

/// <summary>A temporary folder deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nassharp-data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Sub(params string[] parts)
    {
        string p = System.IO.Path.Combine([Path, .. parts]);
        Directory.CreateDirectory(p);
        return p;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
