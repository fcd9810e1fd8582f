namespace NasSharp.Cli.Commands;

using System.CommandLine;
using NasSharp.Experiments;

/// <summary><c>nas report</c>: write an experiment's <c>report.html</c> and plots.</summary>
public static class ReportCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var folder = new Argument<string>("dir") { Description = "Experiment folder." };
        var command = new Command("report", "Write report.html (self-contained) and plots/ (SVG, PNG) for an experiment.") { folder };
        command.SetAction(parse => CliErrors.Run(error, () =>
        {
            using var experiment = Experiment.Open(parse.GetValue(folder)!);
            output.WriteLine($"wrote {experiment.WriteReport()}");
            return 0;
        }));
        return command;
    }
}
