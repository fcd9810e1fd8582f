namespace NasSharp.Cli;

using System.CommandLine;
using NasSharp.Cli.Commands;

/// <summary>The <c>nas</c> command-line tool: a thin front over the NasSharp library.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args) =>
        BuildRoot(Console.Out, Console.Error, args).Parse(args).Invoke(new InvocationConfiguration
        {
            // Ctrl-C / SIGTERM cancel the action's token; training stops at the next step and keeps its last checkpoint.
            // The default (2 s) would kill the process before that.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(60),
        });

    /// <summary>The command tree (also used by tests); <paramref name="args"/> pick the strategy whose own options
    /// <c>nas search</c> offers.</summary>
    public static RootCommand BuildRoot(TextWriter output, TextWriter error, IReadOnlyList<string>? args = null)
    {
        var root = new RootCommand("NasSharp: neural architecture search (ENAS, Petridish, BATS, DARTS) on TorchSharp.");
        root.Subcommands.Add(TrainCommand.Create(output, error));
        root.Subcommands.Add(EvalCommand.Create(output, error));
        root.Subcommands.Add(ArchCommand.Create(output, error));
        root.Subcommands.Add(DrawCommand.Create(output, error));
        root.Subcommands.Add(SearchCommand.Create(output, error, args));
        root.Subcommands.Add(SearchCommand.CreateStrategies(output, error));
        root.Subcommands.Add(SearchCommand.CreateResume(output, error));
        root.Subcommands.Add(LsCommand.Create(output, error));
        root.Subcommands.Add(ReportCommand.Create(output, error));
        root.Subcommands.Add(GalleryCommand.Create(output, error));
        root.Subcommands.Add(Bench201Command.Create(output, error));
        return root;
    }
}
