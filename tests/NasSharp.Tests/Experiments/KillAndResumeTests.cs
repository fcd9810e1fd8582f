namespace NasSharp.Tests.Experiments;

using System.Diagnostics;
using NasSharp.Experiments;

/// <summary>A real `nas search` child process is killed with SIGKILL mid-run, resumed with `nas resume`, and must end
/// with exactly the trial table, metrics and best architecture of an uninterrupted run with the same seed.</summary>
public sealed class KillAndResumeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-kill-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static readonly string[] SearchArgs =
        ["search", "--strategy", "random", "--space", "nb201", "--trials", "5", "--epochs", "2", "--channels", "4", "--layers", "1",
         "--train-limit", "512", "--batch-size", "64", "--seed", "11", "--plain"];

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "nas"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start nas");
    }

    private static async Task<string> RunToEnd(params string[] args)
    {
        using var p = Start(args);
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"nas {string.Join(' ', args)} exited {p.ExitCode}: {await error}\n{await output}");
        return await output;
    }

    [Fact]
    public async Task Search_KilledWithSigkillThenResumed_EndsLikeUninterruptedRun()
    {
        var reference = Path.Combine(_dir, "reference");
        await RunToEnd([.. SearchArgs, "--out", reference]);

        var killed = Path.Combine(_dir, "killed");
        using (var p = Start([.. SearchArgs, "--out", killed]))
        {
            _ = p.StandardError.ReadToEndAsync();
            string? line;
            while ((line = await p.StandardOutput.ReadLineAsync()) is not null && !line.StartsWith("trial 2/5", StringComparison.Ordinal)) { }
            Assert.NotNull(line);
            // Kill during trial 3: after its first epoch checkpoint or before, whichever comes.
            await Task.Delay(400);
            p.Kill(entireProcessTree: true); // SIGKILL on Linux: no handler, no cleanup
            await p.WaitForExitAsync();
        }
        using (var half = Experiment.Open(killed))
        {
            Assert.Equal(ExperimentStatus.Running, half.Store.Info.Status); // it really died mid-run
            Assert.InRange(half.Store.Trials().Count(t => t.Status == TrialStatus.Succeeded), 2, 4);
        }

        var resumedOutput = await RunToEnd("resume", killed, "--plain");
        Assert.Contains("finished: 5 trials", resumedOutput);

        using var r = Experiment.Open(reference);
        using var k = Experiment.Open(killed);
        Assert.Equal(RandomSearchExperimentTests.TrialTable(r), RandomSearchExperimentTests.TrialTable(k));
        Assert.Equal(r.Store.Metrics().Select(m => (m.Step, m.Name, m.Value)), k.Store.Metrics().Select(m => (m.Step, m.Name, m.Value)));
        Assert.Equal(File.ReadAllText(Path.Combine(reference, Experiment.GenotypesFolder, "best.json")),
                     File.ReadAllText(Path.Combine(killed, Experiment.GenotypesFolder, "best.json")));
        Assert.Contains(k.Store.Events(), e => e.Kind == "resumed");
    }

    [Fact]
    public async Task Resume_WhileAnotherProcessRunsTheFolder_IsRefusedNamingThatProcessAndChangesNothing()
    {
        var folder = Path.Combine(_dir, "busy");
        using var p = Start([.. SearchArgs, "--out", folder]);
        _ = p.StandardError.ReadToEndAsync();
        string? line;
        while ((line = await p.StandardOutput.ReadLineAsync()) is not null && !line.StartsWith("trial 1/5", StringComparison.Ordinal)) { }
        Assert.NotNull(line);
        try
        {
            var (exit, _, error) = NasSharp.Tests.Cli.CliRunner.Run("resume", folder, "--plain");
            Assert.Equal(1, exit);
            Assert.Contains($"is being run by process {p.Id}", error);
            Assert.Contains("wait for it to finish or stop it", error);
        }
        finally
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
        // The first run's lock died with it: the folder resumes at once.
        var resumed = await RunToEnd("resume", folder, "--plain");
        Assert.Contains("finished: 5 trials (0 failed)", resumed);
        using var e = Experiment.Open(folder);
        Assert.DoesNotContain(e.Store.Events(), ev => ev.Kind == "failed");
    }
}
