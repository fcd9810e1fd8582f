namespace NasSharp.Cli.Commands;

using NasSharp.Experiments;
using NasSharp.Training;
using Spectre.Console;

/// <summary>
/// Shows a search as it runs. Interactive terminals get a live Spectre.Console view (search bar with best accuracy,
/// current trial's epoch/step, loss, accuracy, throughput, ETA); redirected output (CI logs) or <c>--plain</c> get one
/// line per finished trial plus the trial's progress lines; <c>--quiet</c> prints only the final summary.
/// </summary>
public sealed class SearchDisplay(TextWriter output, bool quiet, bool plain)
{
    /// <summary>Runs <paramref name="work"/> while showing its progress.</summary>
    public async Task<SearchResult> RunAsync(Func<IProgress<SearchProgress>, IProgress<TrainingProgress>, Task<SearchResult>> work)
    {
        if (quiet) return await work(new Sink<SearchProgress>(_ => { }), new Sink<TrainingProgress>(_ => { }));
        var interactive = !plain && !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out) && AnsiConsole.Profile.Capabilities.Interactive;
        if (!interactive)
        {
            // Every epoch's line, and within long epochs (a Petridish candidate epoch takes minutes) a step line at most once a minute.
            var lastLine = System.Diagnostics.Stopwatch.StartNew();
            var trialLines = new Sink<TrainingProgress>(p =>
            {
                if (p.Phase != "epoch" && lastLine.Elapsed < TimeSpan.FromMinutes(1)) return;
                output.WriteLine("  " + p);
                lastLine.Restart();
            });
            return await work(new Sink<SearchProgress>(p => output.WriteLine(p.Message)), trialLines);
        }
        SearchResult? result = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var search = ctx.AddTask("search", maxValue: 1);
                var trial = ctx.AddTask("trial", maxValue: 1);
                var searchSink = new Sink<SearchProgress>(p =>
                {
                    if (p.Total is { } total) search.MaxValue = total;
                    search.Value = p.Completed;
                    search.Description = Markup.Escape(p.BestValidAccuracy is { } b ? $"search (best valid {100 * b:F2}%)" : "search");
                    AnsiConsole.MarkupLine(Markup.Escape(p.Message));
                });
                var trialSink = new Sink<TrainingProgress>(p =>
                {
                    trial.MaxValue = p.Epochs * (double)p.Steps;
                    trial.Value = (p.Epoch - 1) * (double)p.Steps + p.Step;
                    trial.Description = Markup.Escape($"trial epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F3} acc {100 * p.Accuracy:F1}% {p.ImagesPerSecond:F0} img/s");
                });
                result = await work(searchSink, trialSink);
            });
        return result!;
    }

    private sealed class Sink<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
