namespace NasSharp.Cli.Commands;

using System.CommandLine;
using System.Globalization;
using NasSharp.Experiments;
using NasSharp.Strategies.Petridish;

/// <summary><c>nas gallery</c>: print a forward search's gallery (cheapest first, hull flags) and the model a
/// constraint picks from it.</summary>
public static class GalleryCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var folder = new Argument<string>("dir") { Description = "Experiment folder of a Petridish search." };
        var maxMacs = new Option<long>("--max-macs") { Description = "Pick the most accurate model with at most this many MACs (0: any)." };
        var maxParams = new Option<long>("--max-params") { Description = "Pick the most accurate model with at most this many parameters (0: any)." };
        var command = new Command("gallery", "Print a Petridish gallery (models, costs, frontier) and the model a constraint picks.") { folder, maxMacs, maxParams };
        command.SetAction(parse => CliErrors.Run(error, () =>
        {
            using var experiment = Experiment.Open(parse.GetValue(folder)!);
            var rows = experiment.Store.Gallery();
            if (rows.Count == 0) throw new InvalidOperationException($"'{experiment.Folder}' has no gallery (only Petridish searches keep one).");
            var inv = CultureInfo.InvariantCulture;
            output.WriteLine("model       kind   parent    C x cells  valid err  test err    params      MACs  latency  hull  eps-hull");
            foreach (var r in rows.OrderBy(r => r.Macs ?? long.MaxValue))
                output.WriteLine(string.Create(inv,
                    $"{r.Key,-11} {r.Kind,-6} {r.ParentKey ?? "-",-9} {r.Channels,3} x {r.Layers,-4} {100 * r.ValidError,8:F2}% {(r.TestError is { } t ? (100 * t).ToString("F2", inv) + "%" : "-"),8} {r.Parameters / 1e6,8:F3}M {r.Macs / 1e6,8:F2}M {(r.LatencyMs is { } l ? l.ToString("F2", inv) : "-"),7}  {(r.OnHull ? "yes" : ""),-4}  {(r.InEpsilonHull ? "yes" : "")}"));
            var limitMacs = parse.GetValue(maxMacs);
            var limitParams = parse.GetValue(maxParams);
            var pick = GalleryPick.Choose(rows, limitMacs, limitParams);
            var constraint = limitMacs == 0 && limitParams == 0 ? "no constraint"
                : string.Join(", ", new[] { limitMacs > 0 ? $"MACs <= {limitMacs:N0}" : null, limitParams > 0 ? $"params <= {limitParams:N0}" : null }.Where(c => c is not null));
            if (pick is null)
            {
                error.WriteLine($"No model of the gallery meets {constraint}; the cheapest has {rows.Min(r => r.Macs):N0} MACs and {rows.Min(r => r.Parameters):N0} parameters.");
                return 2;
            }
            output.WriteLine(string.Create(inv, $"pick ({constraint}): {pick.Key}, valid {100 * (1 - pick.ValidError):F2}%, {pick.Macs / 1e6:F2}M MACs, {pick.Parameters / 1e6:F3}M params"));
            output.WriteLine(pick.Architecture);
            return 0;
        }));
        return command;
    }
}
