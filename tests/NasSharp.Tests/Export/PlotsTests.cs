using System.Xml.Linq;
using NasSharp.Experiments;
using NasSharp.Export;

namespace NasSharp.Tests.Export;

public class PlotsTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Parses <paramref name="svg"/> and returns the concatenated text of its text elements.</summary>
    private static string Text(string svg)
    {
        Assert.Contains("<text", svg);
        var doc = XDocument.Parse(svg);
        Assert.Equal("svg", doc.Root!.Name.LocalName);
        return string.Join("\n", doc.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()));
    }

    [Fact]
    public void MetricCurves_TwoSeries_SvgHasTitleAxisLabelAndLegend()
    {
        string svg = Plots.ToSvg(Plots.MetricCurves(ReportSamples.Metrics, ["train_loss", "valid_loss"], "search losses", "loss"));

        string text = Text(svg);
        Assert.Contains("search losses", text);
        Assert.Contains("loss", text);
        Assert.Contains("step", text);
        Assert.Contains("valid_loss", text);
    }

    [Fact]
    public void MetricCurves_UnknownName_IsSkipped()
    {
        string text = Text(Plots.ToSvg(Plots.MetricCurves(ReportSamples.Metrics, ["reward", "no_such", "valid_acc"], "controller")));

        Assert.Contains("reward", text);
        Assert.Contains("valid_acc", text);
        Assert.DoesNotContain("no_such", text);
    }

    [Fact]
    public void MetricCurves_OneSeries_HasNoLegend()
    {
        string text = Text(Plots.ToSvg(Plots.MetricCurves(ReportSamples.Metrics, ["reward"], "controller", "mean reward")));

        Assert.Contains("mean reward", text);
        Assert.DoesNotContain("reward", text.Split('\n'));
    }

    [Fact]
    public void ArchitectureWeights_ManySeries_LegendListsOps()
    {
        string text = Text(Plots.ToSvg(Plots.ArchitectureWeights(ReportSamples.Metrics, "alpha/normal/")));

        Assert.Contains("architecture weights alpha/normal", text);
        Assert.Contains("nor_conv_3x3", text);
    }

    [Fact]
    public void ArchitectureWeights_FewSeries_LegendListsSeries()
    {
        var metrics = ReportSamples.Metrics.Where(m => m.Name.StartsWith("alpha/reduce/0/", StringComparison.Ordinal));

        string text = Text(Plots.ToSvg(Plots.ArchitectureWeights(metrics, "alpha/reduce/", "reduce weights")));

        Assert.Contains("reduce weights", text);
        Assert.Contains("0/skip_connect", text);
    }

    [Fact]
    public void ErrorVsCost_Trials_SvgHasTitleFrontierAndLabels()
    {
        string text = Text(Plots.ToSvg(Plots.ErrorVsCost(ReportSamples.Trials)));

        Assert.Contains("validation error vs cost", text);
        Assert.Contains("MACs (millions)", text);
        Assert.Contains("Pareto frontier", text);
        Assert.Contains("trials (10)", text);
    }

    [Fact]
    public void ErrorVsCost_ParametersAxis_UsesParameterLabel()
    {
        Assert.Contains("parameters (millions)", Text(Plots.ToSvg(Plots.ErrorVsCost(ReportSamples.Trials, CostAxis.Parameters))));
    }

    [Fact]
    public void ErrorVsCost_FailedTrialsOnly_StillRendersTitle()
    {
        var failed = ReportSamples.Trials.Where(t => t.Status == TrialStatus.Failed);

        Assert.Contains("validation error vs cost", Text(Plots.ToSvg(Plots.ErrorVsCost(failed))));
    }

    [Fact]
    public void ErrorVsCost_OneTrial_DrawsItAsTheFrontier()
    {
        var one = ReportSamples.Trials.Where(t => t.Id == 1).ToArray();

        string text = Text(Plots.ToSvg(Plots.ErrorVsCost(one)));

        Assert.Contains("Pareto frontier (1)", text);
        Assert.Contains("#1", text);
    }

    [Fact]
    public void BestSoFar_Trials_SvgHasTitleAndBestValue()
    {
        double best = ReportSamples.Trials.Where(t => t.ValidAccuracy is not null).Max(t => t.ValidAccuracy!.Value);

        string text = Text(Plots.ToSvg(Plots.BestSoFar(ReportSamples.Trials)));

        Assert.Contains("best validation accuracy so far", text);
        Assert.Contains("trial id", text);
        Assert.Contains((100 * best).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), text);
    }

    [Fact]
    public void Save_Path_WritesSvgAndPng()
    {
        string dir = Path.Combine(Path.GetTempPath(), "nassharp-plots-" + Guid.NewGuid().ToString("N"));
        try
        {
            string svg = Plots.Save(Plots.BestSoFar(ReportSamples.Trials), Path.Combine(dir, "sub", "best"));

            Assert.Equal(svg, File.ReadAllText(Path.Combine(dir, "sub", "best.svg")));
            byte[] png = File.ReadAllBytes(Path.Combine(dir, "sub", "best.png"));
            Assert.True(png.Length > 1000);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Ensure_CalledTwice_SetsDefaultFontAndReturnsSameFile()
    {
        string a = PlotFonts.Ensure(), b = PlotFonts.Ensure();

        Assert.Equal(a, b);
        Assert.True(File.Exists(a));
        Assert.Equal(PlotFonts.FamilyName, ScottPlot.Fonts.Default);
    }
}
