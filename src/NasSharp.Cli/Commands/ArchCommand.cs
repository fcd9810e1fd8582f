namespace NasSharp.Cli.Commands;

using System.CommandLine;
using NasSharp.SearchSpaces;

/// <summary><c>nas arch list</c> and <c>nas arch show</c>: the built-in published architectures and the formats.</summary>
public static class ArchCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var list = new Command("list", "List the built-in published architectures.");
        list.SetAction(parse => CliErrors.Run(error, () =>
        {
            var width = PublishedArchitectures.All.Max(a => a.Name.Length);
            foreach (var a in PublishedArchitectures.All)
                output.WriteLine($"{a.Name.PadRight(width)}  {a.Architecture.Space,-10}  {a.Description}  [{a.Source}]");
            return 0;
        }));

        var arch = new Argument<string>("arch") { Description = "Published name, file or genotype string." };
        var benchmark = Bench201Command.BenchmarkOption();
        var show = new Command("show", "Print an architecture in every format it can be written in (an NB201 cell: also its true accuracies when the table is found).") { arch, benchmark };
        show.SetAction(parse => CliErrors.Run(error, () =>
        {
            var a = ArchitectureParser.Parse(parse.GetValue(arch)!);
            output.WriteLine($"space: {a.Space}");
            foreach (var (name, text) in Formats(a)) output.WriteLine($"\n{name}:\n{text}");
            if (a is Nb201Genotype cell && NasSharp.Benchmarks.Nb201Benchmark.TryLoad(parse.GetValue(benchmark)) is { } table)
            {
                output.WriteLine();
                Bench201Command.WriteTrueAccuracies(output, table, table.Find(cell));
            }
            return 0;
        }));

        return new Command("arch", "Published architectures and genotype formats.") { list, show };
    }

    /// <summary>Every textual form of <paramref name="a"/> (DARTS text, NB201 string, ENAS fixed_arc, JSON).</summary>
    public static IEnumerable<(string Name, string Text)> Formats(Architecture a) => ArchitectureFormats.All(a);
}
