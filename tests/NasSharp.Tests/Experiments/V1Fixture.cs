namespace NasSharp.Tests.Experiments;

/// <summary>The experiment folders of <c>Fixtures/v1/</c> (written with store schema v1), copied to the test output.</summary>
internal static class V1Fixture
{
    /// <summary>Copies the fixture folder <paramref name="name"/> (<c>rs-killed</c> or <c>enas</c>) to
    /// <paramref name="target"/> and returns it (opening migrates the store, so tests never open the original).</summary>
    public static string CopyTo(string name, string target)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Fixtures", "v1", name);
        if (!Directory.Exists(source)) throw new DirectoryNotFoundException($"fixture '{source}' was not copied to the test output");
        foreach (var dir in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, dir)));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)));
        return target;
    }
}
