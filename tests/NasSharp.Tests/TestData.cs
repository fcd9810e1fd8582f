namespace NasSharp.Tests;

/// <summary>Finds the project's shared data folder (<c>&lt;repo&gt;/../shared/data</c>) or <c>NASSHARP_SHARED_DATA</c>.</summary>
public static class TestData
{
    public static string SharedData
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("NASSHARP_SHARED_DATA");
            if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "..", "shared", "data");
                if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "NasSharp.slnx")))
                    return Path.GetFullPath(candidate);
            }
            throw new DirectoryNotFoundException("shared/data not found beside the repository; set NASSHARP_SHARED_DATA.");
        }
    }

    public static string Path_(params string[] parts) => Path.Combine([SharedData, .. parts]);
}
