using System.Globalization;
using NasSharp.Cost;
using NasSharp.Experiments;
using ScottPlot;

namespace NasSharp.Export;

/// <summary>
/// The plots of an experiment report, drawn with ScottPlot from plain records (no store access): search curves
/// (<see cref="MetricCurves"/>), architecture-weight evolution (<see cref="ArchitectureWeights"/>), error vs cost
/// with the Pareto frontier (<see cref="ErrorVsCost"/>) and best-so-far accuracy (<see cref="BestSoFar"/>).
/// Each builder returns a <see cref="Plot"/>; <see cref="ToSvg"/> renders it as SVG text and <see cref="Save"/>
/// writes <c>.svg</c> and <c>.png</c> files. The shipped font is registered first (<see cref="PlotFonts.Ensure"/>),
/// so titles, axis labels and legends are real text in the SVG.
/// </summary>
public static class Plots
{
    /// <summary>Default image width in pixels.</summary>
    public const int DefaultWidth = 900;

    /// <summary>Default image height in pixels.</summary>
    public const int DefaultHeight = 520;

    /// <summary>The <c>font-family</c> written into SVG text.</summary>
    private const string FontFamilyList = PlotFonts.FamilyName + ", Verdana, sans-serif";

    /// <summary>Series with more points than this are drawn as lines without markers.</summary>
    private const int MarkerLimit = 40;

    /// <summary>Frontiers with at most this many points get every point labelled with its trial id.</summary>
    private const int FrontierLabelLimit = 12;

    /// <summary>Legends with more entries than this list colour groups (the last name segment) instead of series.</summary>
    private const int LegendLimit = 12;

    /// <summary>
    /// Curves of the named metric series over steps, one coloured line per series (in the order of
    /// <paramref name="names"/>; names with no points are skipped), with a legend of the series names when there
    /// are two or more.
    /// </summary>
    /// <param name="metrics">All metric points; only those named in <paramref name="names"/> are drawn.</param>
    /// <param name="names">Series to draw, e.g. <c>train_loss</c>, <c>valid_loss</c>.</param>
    /// <param name="title">Plot title.</param>
    /// <param name="yLabel">Vertical axis label (default <c>value</c>).</param>
    /// <param name="xLabel">Horizontal axis label (default <c>step</c>).</param>
    /// <returns>The plot.</returns>
    public static Plot MetricCurves(
        IEnumerable<MetricPoint> metrics, IEnumerable<string> names, string title, string yLabel = "value",
        string xLabel = "step")
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(names);
        var wanted = names.Distinct(StringComparer.Ordinal).ToArray();
        var bySeries = Series(metrics, n => wanted.Contains(n, StringComparer.Ordinal));
        var plot = NewPlot(title, xLabel, yLabel);
        IntegerTicks(plot);
        var palette = new ScottPlot.Palettes.Category10();
        int i = 0;
        foreach (string name in wanted)
        {
            if (!bySeries.TryGetValue(name, out var points)) continue;
            AddLine(plot, points, palette.GetColor(i++), name, 2);
        }

        if (i > 1) plot.ShowLegend(i > 4 ? Edge.Right : Edge.Bottom);
        else plot.HideLegend();
        return plot;
    }

    /// <summary>
    /// Evolution of architecture weights: every series whose name starts with <paramref name="prefix"/> (e.g.
    /// <c>alpha/normal/</c>) as a line over steps. Lines are coloured by the last segment of their name (the op, for
    /// names like <c>alpha/normal/3/sep_conv_3x3</c>); the legend lists series names when there are at most 12 series,
    /// otherwise one entry per op.
    /// </summary>
    /// <param name="metrics">All metric points.</param>
    /// <param name="prefix">Name prefix of the weight series (default <c>alpha/</c>).</param>
    /// <param name="title">Plot title (default: <c>architecture weights</c> followed by the prefix).</param>
    /// <param name="yLabel">Vertical axis label (default <c>weight</c>).</param>
    /// <returns>The plot (empty when no series matches).</returns>
    public static Plot ArchitectureWeights(
        IEnumerable<MetricPoint> metrics, string prefix = "alpha/", string? title = null, string yLabel = "weight")
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(prefix);
        var bySeries = Series(metrics, n => n.StartsWith(prefix, StringComparison.Ordinal));
        var plot = NewPlot(title ?? $"architecture weights {prefix.TrimEnd('/')}", "step", yLabel);
        IntegerTicks(plot);
        var names = bySeries.Keys.Order(StringComparer.Ordinal).ToArray();
        var palette = new ScottPlot.Palettes.Category10();
        bool grouped = names.Length > LegendLimit;
        var groupColor = new Dictionary<string, Color>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            string group = grouped ? LastSegment(names[i]) : names[i];
            bool first = !groupColor.ContainsKey(group);
            if (first) groupColor[group] = palette.GetColor(groupColor.Count);
            string? legend = first ? (grouped ? group : names[i][prefix.Length..]) : null;
            AddLine(plot, bySeries[names[i]], groupColor[group], legend, grouped ? 1.2f : 2);
        }

        if (names.Length > 0) plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>
    /// Error vs cost of the succeeded trials that have a validation accuracy and the chosen cost: each trial a point
    /// (x = cost, y = validation error = 100·(1 − accuracy) in %); failed, queued and running trials are left out.
    /// The Pareto frontier (<see cref="ParetoFrontier.LowerConvexHull"/>) is drawn as a line through its highlighted
    /// points, each labelled with its trial id (only the two ends when there are more than 12).
    /// </summary>
    /// <param name="trials">The trials.</param>
    /// <param name="axis">Which cost goes on the horizontal axis (default MACs, in millions).</param>
    /// <param name="title">Plot title (default <c>validation error vs cost</c>).</param>
    /// <returns>The plot.</returns>
    public static Plot ErrorVsCost(IEnumerable<TrialRecord> trials, CostAxis axis = CostAxis.Macs, string? title = null)
    {
        var points = CostPoints(trials, axis);
        var plot = NewPlot(title ?? "validation error vs cost", CostLabel(axis), "validation error (%)");
        if (points.Count == 0) return plot;

        var all = plot.Add.ScatterPoints(points.Select(p => p.Cost).ToArray(), points.Select(p => p.Error).ToArray());
        all.Color = Colors.SteelBlue.WithAlpha(0.55);
        all.MarkerSize = 8;
        all.LegendText = $"trials ({points.Count})";

        var hull = ParetoFrontier.LowerConvexHull(points, p => p.Cost, p => p.Error);
        var line = plot.Add.Scatter(hull.Select(p => p.Cost).ToArray(), hull.Select(p => p.Error).ToArray());
        line.Color = Colors.OrangeRed;
        line.LineWidth = 2;
        line.MarkerSize = 11;
        line.MarkerShape = MarkerShape.FilledDiamond;
        line.LegendText = $"Pareto frontier ({hull.Count})";

        // Trial ids beside the frontier points (all of them when few, else the two ends).
        var labelled = hull.Count <= FrontierLabelLimit ? hull : [hull[0], hull[^1]];
        foreach (var p in labelled)
        {
            var label = plot.Add.Text(string.Create(CultureInfo.InvariantCulture, $"#{p.Trial.Id}"), p.Cost, p.Error);
            label.LabelFontSize = 13;
            label.LabelFontColor = Colors.OrangeRed.Darken(0.3);
            label.LabelOffsetX = 7;
            label.LabelOffsetY = 7;
            label.LabelAlignment = Alignment.UpperLeft;
        }

        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>
    /// A Petridish gallery's frontier: every model (seeds and children in two colours), the lower convex hull of
    /// (cost, validation error), the ε-band above it (the hull's error × (1 + ε), dashed: models under it are possible
    /// parents) and an arrow from each child's parent to the child.
    /// </summary>
    /// <param name="rows">The gallery.</param>
    /// <param name="epsilon">ε of the ε-hull.</param>
    /// <param name="axis">The cost on the horizontal axis (MACs or parameters in millions, latency in ms); default MACs.</param>
    public static Plot GalleryFrontier(IReadOnlyList<GalleryRow> rows, double epsilon, CostAxis axis = CostAxis.Macs)
    {
        ArgumentNullException.ThrowIfNull(rows);
        double? Cost(GalleryRow r) => axis switch
        {
            CostAxis.Parameters => r.Parameters / 1e6,
            CostAxis.LatencyMs => r.LatencyMs,
            _ => r.Macs / 1e6,
        };
        var points = rows.Where(r => Cost(r) is { } c && double.IsFinite(c)).Select(r => (Row: r, X: Cost(r)!.Value, Y: 100 * r.ValidError)).ToArray();
        var plot = NewPlot("Petridish gallery: validation error vs " + CostLabel(axis), CostLabel(axis), "validation error (%)");
        if (points.Length == 0) return plot;
        var byKey = points.ToDictionary(p => p.Row.Key, StringComparer.Ordinal);
        foreach (var p in points)
        {
            if (p.Row.ParentKey is not { } parent || !byKey.TryGetValue(parent, out var from)) continue;
            var arrow = plot.Add.Arrow(new Coordinates(from.X, from.Y), new Coordinates(p.X, p.Y));
            arrow.ArrowLineColor = Colors.Gray.WithAlpha(0.7);
            arrow.ArrowFillColor = Colors.Gray.WithAlpha(0.7);
            arrow.ArrowLineWidth = 0;
            arrow.ArrowWidth = 2;
            arrow.ArrowheadWidth = 14;
            arrow.ArrowheadLength = 16;
        }
        foreach (var (kind, label, color) in new[] { ("seed", "seeds", Colors.SeaGreen), ("child", "children", Colors.SteelBlue) })
        {
            var group = points.Where(p => p.Row.Kind == kind).ToArray();
            if (group.Length == 0) continue;
            var scatter = plot.Add.ScatterPoints(group.Select(p => p.X).ToArray(), group.Select(p => p.Y).ToArray());
            scatter.Color = color;
            scatter.MarkerSize = 9;
            scatter.LegendText = $"{label} ({group.Length})";
        }
        var hull = points.Where(p => p.Row.OnHull).OrderBy(p => p.X).ToArray();
        if (hull.Length > 0)
        {
            var line = plot.Add.Scatter(hull.Select(p => p.X).ToArray(), hull.Select(p => p.Y).ToArray());
            line.Color = Colors.OrangeRed;
            line.LineWidth = 2;
            line.MarkerSize = 11;
            line.MarkerShape = MarkerShape.FilledDiamond;
            line.LegendText = $"lower convex hull ({hull.Length})";
            var band = plot.Add.Scatter(hull.Select(p => p.X).ToArray(), hull.Select(p => p.Y * (1 + epsilon)).ToArray());
            band.Color = Colors.OrangeRed.WithAlpha(0.6);
            band.LineWidth = 1.5f;
            band.LinePattern = LinePattern.Dashed;
            band.MarkerSize = 0;
            band.LegendText = string.Create(CultureInfo.InvariantCulture, $"ε-hull band (ε = {epsilon})");
        }
        foreach (var p in points)
        {
            var label = plot.Add.Text(p.Row.Key, p.X, p.Y);
            label.LabelFontSize = 11;
            label.LabelOffsetX = 6;
            label.LabelOffsetY = 6;
            label.LabelAlignment = Alignment.UpperLeft;
        }
        // Room on the right for the labels of the most expensive models.
        double xMin = points.Min(p => p.X), xMax = points.Max(p => p.X), xRange = Math.Max(xMax - xMin, Math.Abs(xMax) * 0.1 + 1e-9);
        double yMin = points.Min(p => p.Y), yMax = points.Max(p => p.Y) * (1 + epsilon), yRange = Math.Max(yMax - yMin, 1e-9);
        plot.Axes.SetLimits(xMin - 0.05 * xRange, xMax + 0.14 * xRange, yMin - 0.08 * yRange, yMax + 0.08 * yRange);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>
    /// Best validation accuracy so far (in %) against trial id: a step line through the running maximum over the
    /// succeeded trials in id order, with every succeeded trial's own accuracy as a faint point; trials without a
    /// validation accuracy are left out.
    /// </summary>
    /// <param name="trials">The trials.</param>
    /// <param name="title">Plot title (default <c>best validation accuracy so far</c>).</param>
    /// <returns>The plot.</returns>
    public static Plot BestSoFar(IEnumerable<TrialRecord> trials, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var done = trials.Where(t => t.Status == TrialStatus.Succeeded && t.ValidAccuracy is { } a && double.IsFinite(a))
            .OrderBy(t => t.Id).ToArray();
        var plot = NewPlot(title ?? "best validation accuracy so far", "trial id", "validation accuracy (%)");
        IntegerTicks(plot);
        if (done.Length == 0) return plot;

        double[] xs = done.Select(t => (double)t.Id).ToArray();
        double[] acc = done.Select(t => 100 * t.ValidAccuracy!.Value).ToArray();
        double[] best = new double[acc.Length];
        for (int i = 0; i < acc.Length; i++) best[i] = i == 0 ? acc[0] : Math.Max(best[i - 1], acc[i]);

        var each = plot.Add.ScatterPoints(xs, acc);
        each.Color = Colors.Gray.WithAlpha(0.6);
        each.MarkerSize = 7;
        each.LegendText = "trial";

        var line = plot.Add.Scatter(xs, best);
        line.Color = Colors.SeaGreen;
        line.LineWidth = 2.5f;
        line.MarkerSize = 0;
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LegendText = $"best so far ({best[^1].ToString("0.##", CultureInfo.InvariantCulture)} %)";

        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>Renders <paramref name="plot"/> as an SVG document (text, no XML declaration); text elements name
    /// <c>DejaVu Sans, Verdana, sans-serif</c> as their font family.</summary>
    /// <param name="plot">The plot.</param>
    /// <param name="width">Width in pixels (default <see cref="DefaultWidth"/>).</param>
    /// <param name="height">Height in pixels (default <see cref="DefaultHeight"/>).</param>
    /// <returns>The SVG text.</returns>
    public static string ToSvg(Plot plot, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(plot);
        PlotFonts.Ensure();
        string svg = plot.GetSvgXml(width, height);
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        if (start > 0) svg = svg[start..];

        // Viewers without DejaVu Sans fall back to a sans-serif font rather than their default (often serif).
        return svg.Replace($"font-family=\"{PlotFonts.FamilyName}\"", $"font-family=\"{FontFamilyList}\"", StringComparison.Ordinal);
    }

    /// <summary>
    /// Writes <paramref name="plot"/> to <c><paramref name="pathWithoutExtension"/>.svg</c> and, unless
    /// <paramref name="png"/> is false, to <c>.png</c>; creates the folder if needed.
    /// </summary>
    /// <param name="plot">The plot.</param>
    /// <param name="pathWithoutExtension">Target path without extension, e.g. <c>plots/loss</c>.</param>
    /// <param name="width">Width in pixels (default <see cref="DefaultWidth"/>).</param>
    /// <param name="height">Height in pixels (default <see cref="DefaultHeight"/>).</param>
    /// <param name="png">Also write a PNG (default true).</param>
    /// <returns>The SVG text written.</returns>
    public static string Save(
        Plot plot, string pathWithoutExtension, int width = DefaultWidth, int height = DefaultHeight, bool png = true)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentException.ThrowIfNullOrEmpty(pathWithoutExtension);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(pathWithoutExtension));
        if (dir is not null) Directory.CreateDirectory(dir);
        string svg = ToSvg(plot, width, height);
        File.WriteAllText(pathWithoutExtension + ".svg", svg);
        if (png) plot.SavePng(pathWithoutExtension + ".png", width, height);
        return svg;
    }

    /// <summary>Axis label of a cost axis.</summary>
    internal static string CostLabel(CostAxis axis) => axis switch
    {
        CostAxis.Macs => "MACs (millions)",
        CostAxis.Parameters => "parameters (millions)",
        CostAxis.LatencyMs => "latency (ms)",
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, null),
    };

    /// <summary>Cost of <paramref name="trial"/> on <paramref name="axis"/> in the plot's unit, or null.</summary>
    internal static double? CostOf(TrialRecord trial, CostAxis axis) => axis switch
    {
        CostAxis.Macs => trial.Macs / 1e6,
        CostAxis.Parameters => trial.Parameters / 1e6,
        CostAxis.LatencyMs => trial.LatencyMs,
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, null),
    };

    /// <summary>The succeeded trials with a finite accuracy and cost: (trial, cost, error %).</summary>
    internal static IReadOnlyList<(TrialRecord Trial, double Cost, double Error)> CostPoints(
        IEnumerable<TrialRecord> trials, CostAxis axis)
    {
        ArgumentNullException.ThrowIfNull(trials);
        return trials
            .Where(t => t.Status == TrialStatus.Succeeded && t.ValidAccuracy is not null && CostOf(t, axis) is not null)
            .Select(t => (Trial: t, Cost: CostOf(t, axis)!.Value, Error: 100 * (1 - t.ValidAccuracy!.Value)))
            .Where(p => double.IsFinite(p.Cost) && double.IsFinite(p.Error))
            .ToArray();
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        ArgumentNullException.ThrowIfNull(title);
        PlotFonts.Ensure();
        var plot = new Plot();
        plot.Font.Set(PlotFonts.FamilyName);
        plot.Title(title, 18);
        plot.XLabel(xLabel, 14);
        plot.YLabel(yLabel, 14);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        plot.Legend.FontSize = 12;
        return plot;
    }

    /// <summary>Whole-number ticks on the horizontal axis (steps, trial ids).</summary>
    private static void IntegerTicks(Plot plot) =>
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    private static Dictionary<string, (double[] Steps, double[] Values)> Series(
        IEnumerable<MetricPoint> metrics, Func<string, bool> include) =>
        metrics
            .Where(m => include(m.Name) && double.IsFinite(m.Value))
            .GroupBy(m => m.Name, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g =>
                {
                    var ordered = g.OrderBy(m => m.Step).ToArray();
                    return (ordered.Select(m => (double)m.Step).ToArray(), ordered.Select(m => m.Value).ToArray());
                },
                StringComparer.Ordinal);

    private static void AddLine(Plot plot, (double[] Steps, double[] Values) points, Color color, string? legend, float width)
    {
        var s = plot.Add.Scatter(points.Steps, points.Values);
        s.Color = color;
        s.LineWidth = width;
        s.MarkerSize = points.Steps.Length > MarkerLimit ? 0 : 5;
        if (legend is not null) s.LegendText = legend;
    }

    private static string LastSegment(string name)
    {
        int slash = name.LastIndexOf('/');
        return slash >= 0 ? name[(slash + 1)..] : name;
    }
}
