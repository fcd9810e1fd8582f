namespace NasSharp.Cli.Commands;

using System.CommandLine;
using System.Globalization;
using NasSharp.Benchmarks;
using NasSharp.SearchSpaces;
using NasSharp.Strategies;

/// <summary><c>nas bench201 top|lookup|stats|replay</c>: the NAS-Bench-201 table as an oracle, and seeded replays of
/// strategies with the table evaluator.</summary>
public static class Bench201Command
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Creates the command.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        return new Command("bench201", "NAS-Bench-201: true accuracies of all 15,625 cells (top, lookup, stats) and seeded replays of strategies over the table.")
        {
            Top(output, error), Lookup(output, error), Stats(output, error), Replay(output, error),
        };
    }

    /// <summary>The <c>--benchmark PATH</c> option.</summary>
    public static Option<string?> BenchmarkOption() => new("--benchmark")
    {
        Description = "The NAS-Bench-201 table: its folder or either CSV (default: $NASSHARP_DATA/nas-bench-201, else shared/data/nas-bench-201 above the tool or the current folder).",
    };

    /// <summary>The row for an index (0..15624) or an architecture (NB201 string, published name or file).</summary>
    public static Nb201Entry Entry(Nb201Benchmark table, string cell)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(cell);
        if (int.TryParse(cell, NumberStyles.None, Inv, out var index)) return table.At(index);
        return ArchitectureParser.Parse(cell) is Nb201Genotype g
            ? table.Find(g)
            : throw new ArgumentException($"'{cell}' is not a NAS-Bench-201 cell (give an index 0..15624 or an arch string |op~0|+|op~0|op~1|+|op~0|op~1|op~2|).");
    }

    /// <summary>Prints the true accuracies of a cell (the lines <c>nas arch show</c> adds).</summary>
    public static void WriteTrueAccuracies(TextWriter output, Nb201Benchmark table, Nb201Entry e)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(e);
        output.WriteLine(string.Create(Inv, $"NAS-Bench-201 index {e.Index} (table: {table.Folder}):"));
        output.WriteLine(string.Create(Inv, $"  CIFAR-10 test {e.Cifar10TestAcc:F2}%  CIFAR-100 test {e.Cifar100TestAcc:F2}%  ImageNet16-120 test {e.ImageNet16TestAcc:F2}%  (200 epochs)"));
        output.WriteLine(string.Create(Inv, $"  CIFAR-10 valid {e.Cifar10ValidAcc12Ep:F2}% (12 epochs, the search signal)  params {e.ParamsMbCifar10:F3} M"));
    }

    private static Command Top(TextWriter output, TextWriter error)
    {
        var dataset = new Option<string>("--dataset") { Description = $"Dataset: {string.Join(", ", Nb201Benchmark.DatasetNames)}.", DefaultValueFactory = _ => "cifar10" };
        var n = new Option<int>("--n") { Description = "How many cells.", DefaultValueFactory = _ => 10 };
        var benchmark = BenchmarkOption();
        var command = new Command("top", "The best cells by 200-epoch test accuracy on a dataset.") { dataset, n, benchmark };
        command.SetAction(parse => CliErrors.Run(error, () =>
        {
            var d = Nb201Benchmark.ParseDataset(parse.GetValue(dataset)!);
            var count = parse.GetValue(n);
            if (count < 1) throw new ArgumentException($"--n must be at least 1 (got {count}).");
            var table = Nb201Benchmark.Load(parse.GetValue(benchmark));
            output.WriteLine($"top {count} on {Nb201Benchmark.DatasetNames[(int)d]} (200-epoch test accuracy; table: {table.Folder})");
            output.WriteLine("rank  index  test acc  params M  arch");
            var rank = 0;
            foreach (var e in table.Top(d, count))
                output.WriteLine(string.Create(Inv, $"{++rank,4}  {e.Index,5}  {e.TestAccuracy(d),7:F2}%  {e.ParamsMbCifar10,8:F3}  {e.Arch}"));
            return 0;
        }));
        return command;
    }

    private static Command Lookup(TextWriter output, TextWriter error)
    {
        var cell = new Argument<string>("cell") { Description = "Index (0..15624), NB201 arch string or published name." };
        var benchmark = BenchmarkOption();
        var command = new Command("lookup", "Every column of the table for one cell.") { cell, benchmark };
        command.SetAction(parse => CliErrors.Run(error, () =>
        {
            var table = Nb201Benchmark.Load(parse.GetValue(benchmark));
            var e = Entry(table, parse.GetValue(cell)!);
            output.WriteLine(string.Create(Inv, $"index: {e.Index}"));
            output.WriteLine($"arch: {e.Arch}");
            foreach (var (column, value) in e.Columns()) output.WriteLine(string.Create(Inv, $"{column}: {value}"));
            output.WriteLine($"table: {table.Folder}");
            return 0;
        }));
        return command;
    }

    private static Command Stats(TextWriter output, TextWriter error)
    {
        var cell = new Argument<string>("cell") { Description = "Index (0..15624), NB201 arch string or published name." };
        var benchmark = BenchmarkOption();
        var command = new Command("stats", "Rank and percentile of a cell by 200-epoch test accuracy on each dataset.") { cell, benchmark };
        command.SetAction(parse => CliErrors.Run(error, () =>
        {
            var table = Nb201Benchmark.Load(parse.GetValue(benchmark));
            var e = Entry(table, parse.GetValue(cell)!);
            output.WriteLine(string.Create(Inv, $"index {e.Index}: {e.Arch}"));
            output.WriteLine("dataset         test acc     rank / 15625  percentile  best");
            foreach (var d in Enum.GetValues<Nb201Dataset>())
            {
                var best = table.Top(d, 1)[0];
                output.WriteLine(string.Create(Inv,
                    $"{Nb201Benchmark.DatasetNames[(int)d],-14}  {e.TestAccuracy(d),7:F2}%  {table.Rank(e, d),12}  {table.Percentile(e, d),9:F2}%  {best.TestAccuracy(d):F2}% (index {best.Index})"));
            }
            output.WriteLine("percentile: share of cells at or below its accuracy (the best cell: 100%)");
            return 0;
        }));
        return command;
    }

    private static Command Replay(TextWriter output, TextWriter error)
    {
        var defaults = new ReplayOptions();
        var strategy = new Option<string>("--strategy")
        {
            Description = "Strategies to replay, comma-separated: any registered strategy that searches nb201 (" +
                          string.Join(", ", StrategyRegistry.All.Where(d => d.Spaces.Contains("nb201") && !d.WeightSharing).Select(d => d.Name)) + ").",
            DefaultValueFactory = _ => string.Join(",", defaults.Strategies),
        };
        var runs = new Option<int>("--runs") { Description = "Seeded runs per strategy.", DefaultValueFactory = _ => defaults.Runs };
        var budget = new Option<int>("--budget") { Description = "Queries (table lookups) per run; answers at every smaller budget come with it.", DefaultValueFactory = _ => defaults.Budget };
        var seed = new Option<int>("--seed") { Description = "Root seed (run r: StableSeed.Derive(seed, \"replay/r\")).", DefaultValueFactory = _ => defaults.Seed };
        var outDir = new Option<string>("--out") { Description = "Folder for replay.csv, summary.csv, replay.svg and replay.png.", DefaultValueFactory = _ => defaults.Out };
        var benchmark = BenchmarkOption();
        var command = new Command("replay", "Many seeded runs of strategies with the table evaluator: mean ± std of the answer's true CIFAR-10 test accuracy vs queries.")
        {
            strategy, runs, budget, seed, outDir, benchmark,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(CliErrors.Run(error, () =>
        {
            var options = new ReplayOptions
            {
                Strategies = parse.GetValue(strategy)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Runs = parse.GetValue(runs), Budget = parse.GetValue(budget), Seed = parse.GetValue(seed),
                Out = parse.GetValue(outDir)!, Benchmark = parse.GetValue(benchmark),
            };
            var progress = new LineWriter(output);
            var result = Nb201Replay.RunAsync(options, progress, cancellation).GetAwaiter().GetResult();
            output.WriteLine(string.Create(Inv, $"true CIFAR-10 test accuracy of the answer (NAS-Bench-201, 200 epochs), mean ± std over {options.Runs} runs:"));
            var budgets = Nb201Replay.Budgets(options);
            output.WriteLine("strategy    " + string.Concat(budgets.Select(b => string.Create(Inv, $"{b + " queries",-18}"))) + "runs/s");
            foreach (var s in result.RunsPerSecond.Keys)
            {
                var cells = budgets.Select(b => result.Summaries.First(x => x.Strategy == s && x.Budget == b))
                    .Select(x => string.Create(Inv, $"{x.Mean,6:F2} ± {x.Std,4:F2}").PadRight(18));
                output.WriteLine(string.Create(Inv, $"{s,-12}{string.Concat(cells)}{result.RunsPerSecond[s]:F1}"));
            }
            foreach (var f in result.Files) output.WriteLine($"wrote {f}");
            return 0;
        })));
        return command;
    }

    // Writes each progress line at once (Progress<T> would post to the thread pool, out of order).
    private sealed class LineWriter(TextWriter output) : IProgress<string>
    {
        public void Report(string value)
        {
            output.WriteLine(value);
            output.Flush();
        }
    }
}
