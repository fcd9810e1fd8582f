namespace NasSharp.Benchmarks;

using System.Globalization;
using System.Text;
using NasSharp.Export;
using ScottPlot;

/// <summary>Writes a replay's results: <c>replay.csv</c> (strategy, run, seed, queries, answer index, its valid
/// accuracy and true test accuracy in percent, one row per run and query), <c>summary.csv</c> (strategy, budget,
/// runs, mean, std) and <c>replay.svg</c>/<c>replay.png</c> (mean true test accuracy vs queries, ±1 std band, one line
/// per strategy).</summary>
public static class ReplayFiles
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes the four files into <paramref name="folder"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string folder, IReadOnlyList<ReplayRun> runs, IReadOnlyList<ReplaySummary> summaries, int budget)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(summaries);
        Directory.CreateDirectory(folder);
        var replay = new StringBuilder("strategy,run,seed,queries,answer_index,answer_valid_acc,true_cifar10_test_acc\n");
        foreach (var r in runs)
            foreach (var p in r.Points)
                replay.Append(Inv, $"{r.Strategy},{r.Run},{r.Seed},{p.Queries},{p.AnswerIndex},{100 * p.AnswerValid:0.####},{p.TrueTestAcc:0.####}\n");
        var summary = new StringBuilder("strategy,budget,runs,mean_true_cifar10_test_acc,std_true_cifar10_test_acc\n");
        foreach (var s in summaries) summary.Append(Inv, $"{s.Strategy},{s.Budget},{s.Runs},{s.Mean:0.####},{s.Std:0.####}\n");
        var replayPath = Path.Combine(folder, "replay.csv");
        var summaryPath = Path.Combine(folder, "summary.csv");
        Training.ModelFolder.WriteAtomically(replayPath, replay.ToString());
        Training.ModelFolder.WriteAtomically(summaryPath, summary.ToString());
        var plotBase = Path.Combine(folder, "replay");
        Plots.Save(Plot(runs, budget), plotBase);
        return [replayPath, summaryPath, plotBase + ".svg", plotBase + ".png"];
    }

    /// <summary>Mean true test accuracy vs queries with a ±1 std band, one line per strategy (in order of first run).</summary>
    public static Plot Plot(IReadOnlyList<ReplayRun> runs, int budget)
    {
        ArgumentNullException.ThrowIfNull(runs);
        PlotFonts.Ensure(); // real text in the PNG too, as the report's plots (Plots.NewPlot)
        var plot = new Plot();
        plot.Font.Set(PlotFonts.FamilyName);
        plot.Title("NAS-Bench-201 replay: true CIFAR-10 test accuracy of the answer", 18);
        plot.XLabel("queries", 14);
        plot.YLabel("test accuracy (%), mean ± 1 std", 14);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        plot.Legend.FontSize = 12;
        double yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        var palette = new ScottPlot.Palettes.Category10();
        var strategies = runs.Select(r => r.Strategy).Distinct().ToArray();
        for (var i = 0; i < strategies.Length; i++)
        {
            var mine = runs.Where(r => r.Strategy == strategies[i]).ToArray();
            var xs = new List<double>();
            var mean = new List<double>();
            var low = new List<double>();
            var high = new List<double>();
            for (var q = 1; q <= budget; q++)
            {
                var values = mine.Select(r => r.TrueTestAt(q)).OfType<double>().ToArray();
                if (values.Length == 0) continue;
                var (m, s) = ReplaySummary.Stats(values);
                xs.Add(q);
                mean.Add(m);
                low.Add(m - s);
                high.Add(m + s);
            }
            if (xs.Count == 0) continue;
            // The first few queries spread over tens of points; the axis shows the part where strategies differ.
            var from = Math.Min(xs.Count - 1, Math.Max(0, xs.FindIndex(x => x >= Math.Min(10, budget))));
            yMin = Math.Min(yMin, low.Skip(from).Min());
            yMax = Math.Max(yMax, high.Skip(from).Max());
            var color = palette.GetColor(i);
            var band = plot.Add.FillY(xs.ToArray(), low.ToArray(), high.ToArray());
            band.FillColor = color.WithAlpha(0.2);
            band.LineColor = Colors.Transparent;
            var line = plot.Add.ScatterLine(xs.ToArray(), mean.ToArray());
            line.Color = color;
            line.LineWidth = 2;
            line.LegendText = string.Create(Inv, $"{strategies[i]} ({mine.Length} runs; {mean[^1]:0.00}% at {xs[^1]:0})");
        }
        if (double.IsFinite(yMin) && double.IsFinite(yMax))
        {
            var pad = Math.Max(0.1, 0.1 * (yMax - yMin));
            plot.Axes.SetLimitsY(yMin - pad, yMax + pad);
        }
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }
}
