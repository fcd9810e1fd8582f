namespace NasSharp.Cli.Commands;

using System.CommandLine;
using NasSharp.Export;
using NasSharp.SearchSpaces;

/// <summary><c>nas draw</c>: draw an architecture's cells as SVG (made in-process) or Graphviz DOT.</summary>
public static class DrawCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var arch = new Argument<string>("arch") { Description = "Published name, file or genotype string." };
        var outFile = new Option<string?>("--out") { Description = "File to write (default: print to standard output)." };
        var format = new Option<string?>("--format") { Description = "svg or dot (default: from --out's extension, else svg)." };
        var command = new Command("draw", "Draw the cell DAG(s) of an architecture.") { arch, outFile, format };
        command.SetAction(parse => CliErrors.Run(error, () =>
        {
            var architecture = ArchitectureParser.Parse(parse.GetValue(arch)!);
            var path = parse.GetValue(outFile);
            var fmt = parse.GetValue(format)
                      ?? (path is not null && Path.GetExtension(path).Equals(".dot", StringComparison.OrdinalIgnoreCase) ? "dot" : "svg");
            var text = CellDrawing.Draw(architecture, fmt);
            if (path is null)
            {
                output.Write(text);
            }
            else
            {
                File.WriteAllText(path, text);
                output.WriteLine($"wrote {Path.GetFullPath(path)}");
            }
            return 0;
        }));
        return command;
    }
}
