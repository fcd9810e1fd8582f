namespace NasSharp.Cli.Commands;

using System.CommandLine;
using System.Globalization;
using NasSharp.Experiments;

/// <summary><c>nas ls</c>: the experiments in a folder with status and best result.</summary>
public static class LsCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var folder = new Argument<string>("dir") { Description = "Folder holding experiment folders.", DefaultValueFactory = _ => "runs" };
        var command = new Command("ls", "List experiments with status, trials and best validation accuracy.") { folder };
        command.SetAction(parse => CliErrors.Run(error, () =>
        {
            var root = parse.GetValue(folder)!;
            if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"'{root}' does not exist.");
            var dirs = Directory.GetDirectories(root).Where(Experiment.Exists).Order(StringComparer.Ordinal).ToArray();
            if (Experiment.Exists(root)) dirs = [root, .. dirs];
            output.WriteLine($"{"experiment",-28} {"strategy",-9} {"space",-10} {"status",-9} {"trials",7} {"best valid",10}");
            foreach (var dir in dirs)
            {
                try
                {
                    using var e = Experiment.Open(dir);
                    var r = e.Result(e.Store.Info.Status);
                    var best = r.Best?.ValidAccuracy is { } b ? string.Create(CultureInfo.InvariantCulture, $"{100 * b:F2}%") : "-";
                    output.WriteLine($"{Path.GetFileName(Path.GetFullPath(dir)),-28} {e.Config.Strategy,-9} {e.Config.Space,-10} {e.Store.Info.Status.ToString().ToLowerInvariant(),-9} {r.Trials.Count,7} {best,10}");
                }
                catch (ExperimentStoreException ex)
                {
                    output.WriteLine($"{Path.GetFileName(dir),-28} unreadable: {ex.Message}");
                }
            }
            return 0;
        }));
        return command;
    }
}
