using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NasSharp.Experiments;
using NasSharp.SearchSpaces;
using ScottPlot;

namespace NasSharp.Export;

/// <summary>
/// Writes an experiment's report from plain records (the caller reads the store): one self-contained
/// <c>report.html</c> (plots inlined as SVG, styles inline, no scripts, nothing fetched) plus every plot as
/// <c>plots/*.svg</c> and <c>plots/*.png</c>.
/// </summary>
public static partial class HtmlReport
{
    /// <summary>File name of the report inside the folder.</summary>
    public const string FileName = "report.html";

    /// <summary>Sub-folder of the plot files.</summary>
    public const string PlotsFolder = "plots";

    /// <summary>Prefix of the architecture-weight series drawn by <see cref="Plots.ArchitectureWeights"/>.</summary>
    public const string WeightPrefix = "alpha/";

    /// <summary>Metric-name prefix of per-edge entropies of an op distribution (<c>entropy/&lt;group&gt;/&lt;edge&gt;</c>):
    /// plotted one figure per group, one line per edge.</summary>
    public const string EntropyPrefix = "entropy/";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// Writes <c>report.html</c> and <c>plots/</c> into <paramref name="folder"/> (created if needed; existing files
    /// of the same names are replaced). Sections: header (name, strategy, space, status, seed, times, trial counts,
    /// the configuration JSON folded in a <c>&lt;details&gt;</c>); the answer: the trial the strategy declared
    /// (<paramref name="answer"/>), else the best trial (highest validation accuracy among succeeded trials of kind
    /// <c>trial</c>, ties to the lowest id), with its accuracy, parameters and MACs; its architecture drawn with
    /// <see cref="CellDrawing"/> when it is a cell or NAS-Bench-201 genotype, with its JSON; plots, each only when there
    /// is data for it (loss curves, accuracy curves, one plot per other metric series, architecture weights per
    /// <c>alpha/&lt;group&gt;/</c>, and per trial kind — trained trials, shared-weight <c>derive</c> scores, retraining,
    /// ... never mixed — error vs MACs, or vs parameters when no trial has MACs, with the Pareto frontier, and best
    /// accuracy so far); the table of all trials in id order with their kind; the event log in time order. All text is
    /// HTML-escaped.
    /// </summary>
    /// <param name="folder">Target folder, usually the experiment folder.</param>
    /// <param name="info">The experiment.</param>
    /// <param name="trials">All trials.</param>
    /// <param name="metrics">All search-level metric points.</param>
    /// <param name="events">The event log.</param>
    /// <param name="answer">The trial the strategy declared its answer, or null to show the best trial.</param>
    /// <param name="gallery">A forward search's model gallery (Petridish), drawn as its frontier (<c>plots/gallery_frontier</c>)
    /// and listed as a table; default null (none).</param>
    /// <returns>The full path of <c>report.html</c>.</returns>
    public static string Write(
        string folder, ExperimentInfo info, IReadOnlyList<TrialRecord> trials, IReadOnlyList<MetricPoint> metrics,
        IReadOnlyList<ExperimentEvent> events, TrialRecord? answer, IReadOnlyList<GalleryRow>? gallery = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(events);

        string plotsDir = Path.Combine(folder, PlotsFolder);
        Directory.CreateDirectory(plotsDir);
        var ordered = trials.OrderBy(t => t.Id).ToArray();
        var best = answer is null ? Best(ordered) : ordered.FirstOrDefault(t => t.Id == answer.Id) ?? answer;

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(info.Name)).Append(" — NasSharp report</title>\n")
            .Append("<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");

        WriteHeader(html, info, ordered);
        WriteBest(html, best, declared: answer is not null);
        WriteArchitecture(html, plotsDir, best?.ArchitectureJson);
        if (gallery is { Count: > 0 }) WriteGallery(html, plotsDir, info, gallery);
        WritePlots(html, plotsDir, ordered, metrics);
        WriteTrials(html, ordered, best);
        WriteEvents(html, events);

        html.Append("<footer>Written by NasSharp on ")
            .Append(E(DateTimeOffset.Now.ToString("yyyy-MM-dd HH:mm:ss zzz", Inv))).Append(".</footer>\n</body>\n</html>\n");

        string path = Path.GetFullPath(Path.Combine(folder, FileName));
        string temp = path + ".tmp";
        File.WriteAllText(temp, html.ToString(), new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
        return path;
    }

    private static void WriteHeader(StringBuilder html, ExperimentInfo info, IReadOnlyList<TrialRecord> trials)
    {
        html.Append("<header>\n<h1>").Append(E(info.Name)).Append("</h1>\n<table class=\"kv\">\n");
        Row(html, "strategy", info.Strategy);
        Row(html, "search space", info.Space);
        Row(html, "status", info.Status.ToString().ToLowerInvariant());
        Row(html, "seed", info.Seed.ToString(Inv));
        Row(html, "created", Time(info.CreatedAt));
        Row(html, "updated", Time(info.UpdatedAt));
        Row(html, "finished", info.FinishedAt is { } f ? Time(f) : "—");
        if (info.FinishedAt is { } end) Row(html, "duration", Duration((end - info.CreatedAt).TotalSeconds));
        int ok = trials.Count(t => t.Status == TrialStatus.Succeeded), failed = trials.Count(t => t.Status == TrialStatus.Failed);
        Row(html, "trials", string.Create(Inv,
            $"{trials.Count} ({ok} succeeded, {failed} failed, {trials.Count - ok - failed} queued or running)"));
        html.Append("</table>\n<details><summary>configuration</summary>\n<pre>")
            .Append(E(PrettyJson(info.ConfigJson))).Append("</pre>\n</details>\n</header>\n");
    }

    /// <summary>The best succeeded trial by validation accuracy (ties to the lowest id) among the trained kinds — <c>trial</c>
    /// first, then any kind but <c>derive</c> — and among <c>derive</c> trials (one-minibatch shared-weight scores) only
    /// when nothing was trained.</summary>
    public static TrialRecord? Best(IEnumerable<TrialRecord> trials)
    {
        var scored = trials.Where(t => t.Status == TrialStatus.Succeeded && t.ValidAccuracy is { } a && double.IsFinite(a)).ToArray();
        var pool = scored.Any(t => TrialKind(t) == "trial") ? scored.Where(t => TrialKind(t) == "trial")
            : scored.Any(t => TrialKind(t) is not ("derive" or "candidate")) ? scored.Where(t => TrialKind(t) is not ("derive" or "candidate")) : scored;
        return pool.OrderByDescending(t => t.ValidAccuracy).ThenBy(t => t.Id).FirstOrDefault();
    }

    /// <summary>The kind of a trial (<c>trial</c>, <c>derive</c>, <c>retrain</c>, ...).</summary>
    public static string TrialKind(TrialRecord trial) => trial.Kind;

    private static void WriteBest(StringBuilder html, TrialRecord? best, bool declared)
    {
        html.Append("<section id=\"best\">\n<h2>").Append(declared ? "Answer (declared by the strategy)" : "Best trial").Append("</h2>\n");
        if (best is null)
        {
            html.Append("<p class=\"none\">No trial has succeeded yet.</p>\n</section>\n");
            return;
        }

        html.Append("<table class=\"kv\">\n");
        Row(html, "trial", string.Create(Inv, $"#{best.Id} ({best.Key}, kind {TrialKind(best)})"));
        Row(html, "validation accuracy", Percent(best.ValidAccuracy));
        Row(html, "test accuracy", Percent(best.TestAccuracy));
        if (TrueTest(best) is { } trueTest) Row(html, "true CIFAR-10 test accuracy (NAS-Bench-201, 200 epochs; not used to choose)", Percent(trueTest));
        Row(html, "parameters", Count(best.Parameters));
        Row(html, "MACs", Millions(best.Macs));
        if (best.LatencyMs is { } l) Row(html, "latency", l.ToString("0.###", Inv) + " ms");
        Row(html, "time", Seconds(best.Seconds));
        html.Append("</table>\n</section>\n");
    }

    private static void WriteArchitecture(StringBuilder html, string plotsDir, string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return;
        html.Append("<section id=\"architecture\">\n<h2>Final architecture</h2>\n");
        try
        {
            var arch = ArchitectureJson.Deserialize(json);
            html.Append("<p>Search space <code>").Append(E(arch.Space)).Append("</code>.</p>\n");
            try
            {
                string svg = CellDrawing.Draw(arch, "svg");
                File.WriteAllText(Path.Combine(plotsDir, "architecture.svg"), svg);
                html.Append("<figure class=\"cell\">").Append(SvgInline.Prepare(svg, "arch-")).Append("</figure>\n");
            }
            catch (ArgumentException)
            {
                html.Append("<p class=\"none\">No cell drawing for this space.</p>\n");
            }
        }
        catch (ArchitectureFormatException ex)
        {
            html.Append("<p class=\"none\">The architecture could not be read: ").Append(E(ex.Message)).Append("</p>\n");
        }

        html.Append("<details><summary>architecture JSON</summary>\n<pre>").Append(E(PrettyJson(json)))
            .Append("</pre>\n</details>\n</section>\n");
    }

    private static void WritePlots(
        StringBuilder html, string plotsDir, IReadOnlyList<TrialRecord> trials, IReadOnlyList<MetricPoint> metrics)
    {
        var figures = new List<(string File, string Caption, Plot Plot)>();

        var names = metrics.Select(m => m.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var curves = names.Where(n => !n.StartsWith(WeightPrefix, StringComparison.Ordinal) && !n.StartsWith(EntropyPrefix, StringComparison.Ordinal)).ToArray();
        var losses = curves.Where(n => n.Contains("loss", StringComparison.OrdinalIgnoreCase)).ToArray();
        var accuracies = curves.Where(n => !losses.Contains(n) && n.Contains("acc", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (losses.Length > 0)
            figures.Add(("losses", "Search losses over steps.", Plots.MetricCurves(metrics, losses, "losses", "loss")));
        if (accuracies.Length > 0)
            figures.Add(("accuracies", "Search accuracies over steps.", Plots.MetricCurves(metrics, accuracies, "accuracies", "accuracy")));
        foreach (string other in curves.Except(losses).Except(accuracies))
            figures.Add(("metric_" + FileSafe(other), $"Metric {other} over steps.", Plots.MetricCurves(metrics, [other], other, other)));

        foreach (string prefix in WeightGroups(names))
        {
            string group = prefix.TrimEnd('/');
            figures.Add(("weights_" + FileSafe(group[WeightPrefix.Length..] is { Length: > 0 } g ? g : "all"),
                $"Architecture weights ({group}/…) over steps.", Plots.ArchitectureWeights(metrics, prefix)));
        }

        foreach (var group in names.Where(n => n.StartsWith(EntropyPrefix, StringComparison.Ordinal))
                     .GroupBy(n => n[EntropyPrefix.Length..] is var rest && rest.IndexOf('/') is > 0 and var slash ? rest[..slash] : "all", StringComparer.Ordinal)
                     .OrderBy(g => g.Key, StringComparer.Ordinal))
            figures.Add(("entropy_" + FileSafe(group.Key), $"Entropy of each edge's op distribution ({group.Key} cell) over steps, in nats.",
                Plots.MetricCurves(metrics, group.ToArray(), $"edge entropy ({group.Key})", "entropy")));

        var axis = trials.Any(t => t.Macs is not null) ? CostAxis.Macs
            : trials.Any(t => t.Parameters is not null) ? CostAxis.Parameters : CostAxis.LatencyMs;
        // One set of plots per trial kind: a one-minibatch shared-weight score (derive) and a trained trial are not comparable.
        foreach (var group in trials.GroupBy(TrialKind).OrderBy(g => g.Key == "trial" ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var kind = group.ToArray();
            string suffix = group.Key == "trial" ? "" : "_" + FileSafe(group.Key);
            var costPoints = Plots.CostPoints(kind, axis);
            if (costPoints.Count > 0)
            {
                figures.Add(("error_vs_cost" + suffix,
                    string.Create(Inv, $"Validation error vs {Plots.CostLabel(axis)} of {costPoints.Count} succeeded trials of kind {group.Key}; the line is the Pareto frontier (lower convex hull)."),
                    Plots.ErrorVsCost(kind, axis, $"error vs {Plots.CostLabel(axis)} ({group.Key})")));
            }

            if (kind.Count(t => t.Status == TrialStatus.Succeeded && t.ValidAccuracy is not null) > 1)
                figures.Add(("best_so_far" + suffix, $"Best validation accuracy so far of kind {group.Key}, by trial id.", Plots.BestSoFar(kind, $"best so far ({group.Key})")));
        }

        if (figures.Count == 0) return;
        html.Append("<section id=\"plots\">\n<h2>Plots</h2>\n");
        int i = 0;
        foreach (var (file, caption, plot) in figures)
        {
            string svg = Plots.Save(plot, Path.Combine(plotsDir, file));
            html.Append("<figure>").Append(SvgInline.Prepare(svg, string.Create(Inv, $"p{i++}-")))
                .Append("<figcaption>").Append(E(caption)).Append(" Files: <code>")
                .Append(E($"{PlotsFolder}/{file}.svg")).Append("</code>, <code>").Append(E($"{PlotsFolder}/{file}.png"))
                .Append("</code>.</figcaption></figure>\n");
        }

        html.Append("</section>\n");
    }

    private static void WriteGallery(StringBuilder html, string plotsDir, ExperimentInfo info, IReadOnlyList<GalleryRow> gallery)
    {
        // ε and the cost axis are the strategy's options (config.json strategy_options); the references' defaults otherwise.
        var epsilon = 0.025;
        var axis = CostAxis.Macs;
        if (System.Text.Json.Nodes.JsonNode.Parse(info.ConfigJson)?["strategy_options"] is System.Text.Json.Nodes.JsonObject o)
        {
            if (o["epsilon"] is { } e) epsilon = e.GetValue<double>();
            axis = (string?)o["cost"] switch { "params" => CostAxis.Parameters, "latency" => CostAxis.LatencyMs, _ => CostAxis.Macs };
        }
        html.Append("<section id=\"gallery\">\n<h2>Gallery and frontier</h2>\n");
        var svg = Plots.Save(Plots.GalleryFrontier(gallery, epsilon, axis), Path.Combine(plotsDir, "gallery_frontier"));
        html.Append("<figure>").Append(SvgInline.Prepare(svg, "gallery-")).Append("<figcaption>")
            .Append(E(string.Create(Inv, $"Every trained model; the line is the lower convex hull, the dashed line its ε-band (ε = {epsilon}); arrows go from parent to child.")))
            .Append(" Files: <code>").Append(E($"{PlotsFolder}/gallery_frontier.svg")).Append("</code>, <code>gallery.csv</code>.</figcaption></figure>\n");
        html.Append("<table>\n<thead><tr><th>model</th><th>kind</th><th>parent</th><th>C × cells</th><th>valid error</th><th>test error</th>")
            .Append("<th>params</th><th>MACs</th><th>latency</th><th>hull</th><th>ε-hull</th><th>sampled</th><th>architecture</th></tr></thead>\n<tbody>\n");
        foreach (var r in gallery.OrderBy(r => r.Macs ?? long.MaxValue))
        {
            html.Append("<tr><td>").Append(E(r.Key)).Append("</td><td>").Append(E(r.Kind)).Append("</td><td>").Append(E(r.ParentKey ?? "—"))
                .Append("</td><td>").Append(r.Channels.ToString(Inv)).Append(" × ").Append(r.Layers.ToString(Inv))
                .Append("</td><td>").Append(Percent(r.ValidError)).Append("</td><td>").Append(Percent(r.TestError))
                .Append("</td><td>").Append(Millions(r.Parameters)).Append("</td><td>").Append(Millions(r.Macs))
                .Append("</td><td>").Append(r.LatencyMs is { } l ? l.ToString("0.00", Inv) + " ms" : "—")
                .Append("</td><td>").Append(r.OnHull ? "yes" : "").Append("</td><td>").Append(r.InEpsilonHull ? "yes" : "")
                .Append("</td><td>").Append(r.Sampled.ToString(Inv)).Append("</td><td><code>").Append(E(r.Architecture)).Append("</code></td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void WriteTrials(StringBuilder html, IReadOnlyList<TrialRecord> trials, TrialRecord? best)
    {
        html.Append("<section id=\"trials\">\n<h2>Trials</h2>\n");
        if (trials.Count == 0)
        {
            html.Append("<p class=\"none\">No trials.</p>\n</section>\n");
            return;
        }

        bool anyTrue = trials.Any(t => TrueTest(t) is not null);
        // Binary networks (BATS): binary operations apart from FLOPs, and the combined FLOPs + BOPs/64.
        bool anyBinary = trials.Any(t => t.Metrics.ContainsKey("bops"));
        html.Append("<table class=\"grid\">\n<thead><tr><th>id</th><th>key</th><th>kind</th><th>status</th><th>attempt</th>")
            .Append("<th>valid acc</th><th>test acc</th>").Append(anyTrue ? "<th>true CIFAR-10 test (NB201)</th>" : "").Append("<th>params</th><th>MACs</th>").Append(anyBinary ? "<th>FLOPs</th><th>BOPs</th><th>FLOPs + BOPs/64</th>" : "").Append("<th>seconds</th><th>failure reason</th></tr></thead>\n<tbody>\n");
        foreach (var t in trials)
        {
            string status = t.Status.ToString().ToLowerInvariant();
            string cls = t == best ? $"{status} best" : status;
            html.Append("<tr id=\"trial-").Append(t.Id.ToString(Inv)).Append("\" class=\"").Append(cls).Append("\">")
                .Append("<td class=\"n\">").Append(t.Id.ToString(Inv)).Append("</td>")
                .Append("<td>").Append(E(t.Key)).Append("</td>")
                .Append("<td>").Append(E(TrialKind(t))).Append("</td>")
                .Append("<td>").Append(E(status)).Append("</td>")
                .Append("<td class=\"n\">").Append(t.Attempt.ToString(Inv)).Append("</td>")
                .Append("<td class=\"n\">").Append(E(Percent(t.ValidAccuracy))).Append("</td>")
                .Append("<td class=\"n\">").Append(E(Percent(t.TestAccuracy))).Append("</td>")
                .Append(anyTrue ? "<td class=\"n\">" + E(Percent(TrueTest(t))) + "</td>" : "")
                .Append("<td class=\"n\">").Append(E(Count(t.Parameters))).Append("</td>")
                .Append("<td class=\"n\">").Append(E(Millions(t.Macs))).Append("</td>")
                .Append(anyBinary ? "<td class=\"n\">" + E(Millions(BinaryCost(t, "flops"))) + "</td><td class=\"n\">" + E(Millions(BinaryCost(t, "bops"))) +
                    "</td><td class=\"n\">" + E(Millions(BinaryCost(t, "combined_flops"))) + "</td>" : "")
                .Append("<td class=\"n\">").Append(E(t.Seconds is { } s ? s.ToString("0.0", Inv) : "—")).Append("</td>")
                .Append("<td class=\"reason\">").Append(E(t.FailureReason ?? "")).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void WriteEvents(StringBuilder html, IReadOnlyList<ExperimentEvent> events)
    {
        html.Append("<section id=\"events\">\n<h2>Events</h2>\n");
        if (events.Count == 0)
        {
            html.Append("<p class=\"none\">No events.</p>\n</section>\n");
            return;
        }

        html.Append("<table class=\"grid\">\n<thead><tr><th>time</th><th>kind</th><th>message</th></tr></thead>\n<tbody>\n");
        foreach (var e in events.OrderBy(e => e.Time))
        {
            html.Append("<tr><td class=\"t\">").Append(E(Time(e.Time))).Append("</td><td>").Append(E(e.Kind))
                .Append("</td><td>").Append(E(e.Message)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    /// <summary>Prefixes of the weight plots: <c>alpha/&lt;group&gt;/</c> for names with a group, else <c>alpha/</c>.</summary>
    private static IEnumerable<string> WeightGroups(IEnumerable<string> names) =>
        names.Where(n => n.StartsWith(WeightPrefix, StringComparison.Ordinal))
            .Select(n =>
            {
                string rest = n[WeightPrefix.Length..];
                int slash = rest.IndexOf('/');
                return slash > 0 ? WeightPrefix + rest[..(slash + 1)] : WeightPrefix;
            })
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

    private static void Row(StringBuilder html, string key, string value) =>
        html.Append("<tr><th>").Append(E(key)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");

    // The true CIFAR-10 test accuracy the NAS-Bench-201 table gives the trial's cell, if recorded.
    private static double? TrueTest(TrialRecord t) => t.Metrics.TryGetValue(Benchmarks.Nb201Entry.Cifar10TestMetric, out var v) ? v : null;

    private static long? BinaryCost(TrialRecord t, string name) => t.Metrics.TryGetValue(name, out var v) ? (long)Math.Round(v) : null;

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm:ss zzz", Inv);

    private static string Percent(double? v) => v is { } x && double.IsFinite(x) ? (100 * x).ToString("0.00", Inv) + " %" : "—";

    private static string Count(long? v) => v is { } x ? x.ToString("N0", Inv) : "—";

    private static string Millions(long? v) => v is { } x ? (x / 1e6).ToString("0.###", Inv) + " M" : "—";

    private static string Seconds(double? s) => s is { } x ? Duration(x) : "—";

    private static string Duration(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return t.TotalHours >= 1
            ? string.Create(Inv, $"{(int)t.TotalHours} h {t.Minutes:00} min")
            : t.TotalMinutes >= 1
                ? string.Create(Inv, $"{t.Minutes} min {t.Seconds:00} s")
                : seconds.ToString("0.0", Inv) + " s";
    }

    private static string PrettyJson(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            // Relaxed escaping keeps the text readable ('&', '<' as they are); the caller HTML-escapes it.
            return JsonSerializer.Serialize(doc.RootElement, new JsonSerializerOptions
            {
                WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            });
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static string FileSafe(string name) => Unsafe().Replace(name, "_");

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex Unsafe();

    private const string Css = """
        body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; }
        h1 { margin-bottom: .3rem; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2rem; }
        table.kv th { text-align: left; padding-right: 1.5rem; font-weight: normal; color: #555; }
        table.grid { border-collapse: collapse; width: 100%; font-size: .9rem; }
        table.grid th, table.grid td { border: 1px solid #ddd; padding: .25rem .5rem; vertical-align: top; }
        table.grid thead th { background: #f0f0f0; position: sticky; top: 0; text-align: left; }
        table.grid tbody tr:nth-child(even) { background: #fafafa; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.t { white-space: nowrap; }
        tr.failed td { color: #a11; } tr.best td { background: #e8f6e8; font-weight: bold; }
        td.reason { font-family: monospace; font-size: .85rem; max-width: 28rem; overflow-wrap: anywhere; }
        figure { margin: 1rem 0 2rem; } figure svg { max-width: 100%; height: auto; display: block; }
        figure.cell svg { max-height: 40rem; }
        figcaption { color: #555; font-size: .9rem; margin-top: .3rem; }
        pre { background: #f6f6f6; padding: .6rem; overflow-x: auto; font-size: .85rem; }
        .none { color: #777; font-style: italic; } footer { margin-top: 3rem; color: #888; font-size: .8rem; }

        """;
}
