using NasSharp.Experiments;
using NasSharp.SearchSpaces;

namespace NasSharp.Tests.Export;

/// <summary>A synthetic finished experiment for the plot and report tests: 12 trials (2 failed), search curves,
/// α series of two cells, events.</summary>
internal static class ReportSamples
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static ExperimentInfo Info { get; } = new(
        "random-nb201 <demo>", "random", "nb201", """{"trials":12,"epochs":2,"note":"a & b"}""", 7,
        ExperimentStatus.Finished, Start, Start.AddHours(2), Start.AddHours(2));

    public static IReadOnlyList<TrialRecord> Trials { get; } = MakeTrials();

    public static IReadOnlyList<MetricPoint> Metrics { get; } = MakeMetrics();

    public static IReadOnlyList<ExperimentEvent> Events { get; } =
    [
        new(Start, "started", "seed 7"),
        new(Start.AddMinutes(30), "trial_failed", "trial 4: <NaN> loss"),
        new(Start.AddMinutes(50), "resumed", "after SIGKILL"),
        new(Start.AddHours(2), "finished", "best #9"),
    ];

    public static string Nb201Json(int i) => ArchitectureJson.Serialize(new Nb201Genotype(
        Enumerable.Range(0, 6).Select(k => OpNames.Nb201[(i + k * 3) % OpNames.Nb201.Count]).ToArray()));

    private static TrialRecord[] MakeTrials()
    {
        var list = new List<TrialRecord>();
        for (int i = 1; i <= 12; i++)
        {
            bool failed = i is 4 or 10;
            // Bigger models tend to be more accurate, with scatter: a frontier of several points.
            long macs = 15_000_000 + ((i * 5) % 12) * 9_000_000L;
            double acc = 0.93 - 0.35 * Math.Exp(-macs / 35e6) - 0.05 * (((i * 7) % 5) / 4.0);
            list.Add(new TrialRecord(
                i, $"sample-{i - 1}", Nb201Json(i), $"hash{i}", "nb201",
                failed ? TrialStatus.Failed : TrialStatus.Succeeded, i == 7 ? 2 : 1,
                failed ? (i == 4 ? "InvalidOperationException: loss is NaN <at step 3>" : "OutOfMemoryException: tensor & more") : null,
                failed ? null : acc, failed ? null : acc - 0.01, failed ? null : 100_000 + macs / 300, failed ? null : macs,
                null, 30 + i, new Dictionary<string, double>(),
                Start.AddMinutes(i * 5), Start.AddMinutes(i * 5 + 1), Start.AddMinutes(i * 5 + 4)));
        }

        return list.ToArray();
    }

    private static MetricPoint[] MakeMetrics()
    {
        var list = new List<MetricPoint>();
        string[] ops = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"];
        for (int s = 0; s < 60; s++)
        {
            var t = Start.AddSeconds(s * 10);
            list.Add(new(s, "train_loss", 2.3 * Math.Exp(-s / 20.0) + 0.2, t));
            list.Add(new(s, "valid_loss", 2.3 * Math.Exp(-s / 25.0) + 0.35, t));
            list.Add(new(s, "train_acc", 1 - 0.9 * Math.Exp(-s / 20.0), t));
            list.Add(new(s, "valid_acc", 0.95 - 0.85 * Math.Exp(-s / 25.0), t));
            list.Add(new(s, "reward", 0.1 + 0.8 * (1 - Math.Exp(-s / 15.0)), t));
            for (int e = 0; e < 6; e++)
            {
                for (int o = 0; o < ops.Length; o++)
                {
                    // Softmax-like weights drifting toward one op per edge.
                    double w = Math.Exp(0.05 * s * Math.Sin(e + 1.3 * o)) / ops.Sum(x => Math.Exp(0.05 * s * Math.Sin(e + 1.3 * Array.IndexOf(ops, x))));
                    list.Add(new(s, $"alpha/normal/{e}/{ops[o]}", w, t));
                    if (e < 2) list.Add(new(s, $"alpha/reduce/{e}/{ops[o]}", w * 0.8, t));
                }
            }
        }

        return list.ToArray();
    }
}
