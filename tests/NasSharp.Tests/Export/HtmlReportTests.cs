using System.Text.RegularExpressions;
using System.Xml.Linq;
using NasSharp.Experiments;
using NasSharp.Export;

namespace NasSharp.Tests.Export;

public sealed class HtmlReportTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "nassharp-report-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (!Directory.Exists(dir)) return;
        // NASSHARP_DRAW_DIR set: keep one full report there for looking at by eye.
        string? keep = Environment.GetEnvironmentVariable("NASSHARP_DRAW_DIR");
        if (!string.IsNullOrEmpty(keep) && File.Exists(Path.Combine(dir, "plots", "best_so_far.png")))
        {
            string target = Path.Combine(keep, "report");
            if (Directory.Exists(target)) Directory.Delete(target, true);
            Directory.CreateDirectory(keep);
            Directory.Move(dir, target);
            return;
        }

        Directory.Delete(dir, true);
    }

    private string WriteSample(string? answerJson = null) => HtmlReport.Write(
        dir, ReportSamples.Info, answerJson is null ? ReportSamples.Trials : [.. ReportSamples.Trials, Answer(answerJson)], ReportSamples.Metrics,
        ReportSamples.Events, answerJson is null ? null : Answer(answerJson));

    private static TrialRecord Answer(string json) => ReportSamples.Trials[0] with { Id = 13, Key = "retrain", ArchitectureJson = json, ValidAccuracy = 0.5, Kind = "retrain" };

    [Fact]
    public void Write_DeclaredAnswerAndDerivedTrials_ShowsTheAnswerAndPlotsEachKindApart()
    {
        var derived = Enumerable.Range(0, 3).Select(i => ReportSamples.Trials[i] with { Id = 20 + i, Key = $"derive-{i}", ValidAccuracy = 0.99, Kind = "derive" }).ToArray();
        var answer = ReportSamples.Trials[1] with { Id = 30, Key = "retrain", ValidAccuracy = 0.41, Kind = "retrain" };
        string html = File.ReadAllText(HtmlReport.Write(dir, ReportSamples.Info, [.. ReportSamples.Trials, .. derived, answer],
            ReportSamples.Metrics, ReportSamples.Events, answer));

        var best = html[html.IndexOf("<section id=\"best\">", StringComparison.Ordinal)..html.IndexOf("</section>", html.IndexOf("<section id=\"best\">", StringComparison.Ordinal), StringComparison.Ordinal)];
        Assert.Contains("Answer (declared by the strategy)", best);
        Assert.Contains("#30 (retrain, kind retrain)", best);
        Assert.Contains("41.00 %", best);
        // The 99% one-minibatch derive scores are neither the answer nor mixed into the trained trials' plots.
        Assert.True(File.Exists(Path.Combine(dir, "plots", "error_vs_cost_derive.svg")));
        Assert.True(File.Exists(Path.Combine(dir, "plots", "best_so_far_derive.svg")));
        Assert.Contains("of 10 succeeded trials of kind trial", html);
        Assert.Contains("of 3 succeeded trials of kind derive", html);
        // Without a declared answer, the best trained trial is shown, not a derive score.
        var best2 = HtmlReport.Best([.. ReportSamples.Trials, .. derived]);
        Assert.Equal("trial", HtmlReport.TrialKind(best2!));
    }

    [Fact]
    public void Write_SyntheticExperiment_WritesTableRowsFailureReasonsAndSvg()
    {
        string path = WriteSample();

        Assert.Equal(Path.Combine(Path.GetFullPath(dir), "report.html"), path);
        string html = File.ReadAllText(path);
        for (int i = 1; i <= 12; i++) Assert.Contains($"<tr id=\"trial-{i}\"", html);
        Assert.Contains("InvalidOperationException: loss is NaN &lt;at step 3&gt;", html);
        Assert.Contains("OutOfMemoryException: tensor &amp; more", html);
        Assert.Contains("<svg", html);
        Assert.Contains("<text", html);
        Assert.Contains("random-nb201 &lt;demo&gt;", html);
        Assert.DoesNotContain("<demo>", html);
        Assert.Contains("trial 4: &lt;NaN&gt; loss", html);
        Assert.Contains("&quot;note&quot;: &quot;a &amp; b&quot;", html);
        Assert.Equal(2, Regex.Matches(html, "<tr id=\"trial-\\d+\" class=\"failed\"").Count);
    }

    [Fact]
    public void Write_SyntheticExperiment_IsSelfContained()
    {
        string html = File.ReadAllText(WriteSample());

        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("src=", html);
        Assert.DoesNotContain("<?xml", html);
    }

    [Fact]
    public void Write_SyntheticExperiment_WritesEveryPlotAsSvgAndPng()
    {
        WriteSample();

        string plots = Path.Combine(dir, "plots");
        string[] expected = ["losses", "accuracies", "metric_reward", "weights_normal", "weights_reduce", "error_vs_cost", "best_so_far"];
        foreach (string name in expected)
        {
            XDocument.Parse(File.ReadAllText(Path.Combine(plots, name + ".svg")));
            byte[] png = File.ReadAllBytes(Path.Combine(plots, name + ".png"));
            Assert.True(png.Length > 1000, name);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        }

        Assert.True(File.Exists(Path.Combine(plots, "architecture.svg")));
    }

    [Fact]
    public void Write_InlinedSvgs_HaveUniqueIds()
    {
        string html = File.ReadAllText(WriteSample());

        var ids = Regex.Matches(html, "\\sid=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.True(Regex.Matches(html, "<svg").Count >= 8);
    }

    [Fact]
    public void Write_BestArchitecture_DrawsTheGivenCell()
    {
        string json = NasSharp.SearchSpaces.ArchitectureJson.Serialize(ExportSamples.DartsV2);

        string html = File.ReadAllText(WriteSample(json));

        Assert.Contains("Final architecture", html);
        Assert.Contains("sep_conv_3x3", html);
        Assert.Contains(">reduce<", html);
    }

    [Fact]
    public void Write_UnreadableArchitecture_ShowsReasonInsteadOfThrowing()
    {
        string html = File.ReadAllText(WriteSample("{\"format\":\"other\"}"));

        Assert.Contains("could not be read", html);
    }

    [Fact]
    public void Write_NoTrialsNoMetrics_WritesReportWithoutPlots()
    {
        string html = File.ReadAllText(HtmlReport.Write(dir, ReportSamples.Info, [], [], [], null));

        Assert.Contains("No trial has succeeded yet.", html);
        Assert.DoesNotContain("<svg", html);
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "plots")));
    }

    [Fact]
    public void Write_BestTrial_IsMarkedAndSummarised()
    {
        var best = ReportSamples.Trials.Where(t => t.ValidAccuracy is not null).MaxBy(t => t.ValidAccuracy)!;

        string html = File.ReadAllText(WriteSample());

        Assert.Contains($"<tr id=\"trial-{best.Id}\" class=\"succeeded best\"", html);
        Assert.Contains($"#{best.Id} ({best.Key}, kind trial)", html);
    }
}
