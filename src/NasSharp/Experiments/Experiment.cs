namespace NasSharp.Experiments;

using System.Text.Json;
using NasSharp.Strategies;
using NasSharp.Training;

/// <summary>
/// A search run as a folder: <c>config.json</c> (every setting written out), <c>experiment.db</c> (SQLite store of
/// trials, metrics, events and the strategy's state), <c>trials/&lt;key&gt;/</c> (each trial's checkpoint),
/// <c>genotypes/</c> (the best architecture), <c>strategy/</c> (a strategy's tensor state), <c>log.txt</c> and, while a
/// run holds it, <c>experiment.lock</c> (+ <c>experiment.lock.json</c>, who holds it). Opening an existing folder and
/// running it again resumes: same config, same random streams, finished trials not rerun.
/// </summary>
public sealed class Experiment : IDisposable
{
    /// <summary>The configuration file.</summary>
    public const string ConfigFile = "config.json";
    /// <summary>The SQLite store.</summary>
    public const string DatabaseFile = "experiment.db";
    /// <summary>Folder of per-trial checkpoints.</summary>
    public const string TrialsFolder = "trials";
    /// <summary>Folder of the final genotypes.</summary>
    public const string GenotypesFolder = "genotypes";

    /// <summary>The answer's summary, written when the search finishes: key, kind, accuracies, parameters, MACs and every
    /// metric of its trial (binary answers: <c>flops</c>, <c>bops</c>, <c>combined_flops</c>, the stages' accuracies).</summary>
    public const string ResultFile = "result.json";
    /// <summary>Plain-text log of events.</summary>
    public const string LogFile = "log.txt";
    /// <summary>Event kind whose message is the key of the trial a strategy declared its answer.</summary>
    public const string FinalEventKind = "final";

    private readonly TimeProvider _time;

    private Experiment(string folder, ExperimentConfig config, ExperimentStore store, TimeProvider time)
    {
        Folder = folder;
        Config = config;
        Store = store;
        _time = time;
    }

    /// <summary>The experiment folder.</summary>
    public string Folder { get; }

    /// <summary>The resolved configuration.</summary>
    public ExperimentConfig Config { get; }

    /// <summary>The store (trials, metrics, events).</summary>
    public ExperimentStore Store { get; }

    /// <summary>Whether a finished run writes <c>report.html</c> and <c>plots/</c> (default true; replay turns it off).</summary>
    public bool WriteReportWhenFinished { get; set; } = true;

    /// <summary>The true 200-epoch CIFAR-10 test accuracy (0..1) recorded with <paramref name="trial"/> from the
    /// NAS-Bench-201 table (metric <c>nb201_cifar10_test_acc</c>), or null.</summary>
    public static double? TrueTestAccuracy(TrialRecord? trial) =>
        trial is not null && trial.Metrics.TryGetValue(Benchmarks.Nb201Entry.Cifar10TestMetric, out var v) ? v : null;

    /// <summary>Whether <paramref name="folder"/> holds an experiment.</summary>
    public static bool Exists(string folder) => File.Exists(Path.Combine(folder, DatabaseFile));

    /// <summary>Creates a new experiment folder; fails if one exists there. Strategy, space, preset, options, budget and
    /// evaluator are checked before anything is written.</summary>
    /// <param name="folder">The folder to create.</param>
    /// <param name="config">The configuration.</param>
    /// <param name="time">Clock; default <see cref="TimeProvider.System"/>.</param>
    /// <param name="durable">Default true. False: a faster, non-durable store (<see cref="ExperimentStore.Create"/>),
    /// for throw-away experiments (<c>nas bench201 replay</c>).</param>
    public static Experiment Create(string folder, ExperimentConfig config, TimeProvider? time = null, bool durable = true)
    {
        time ??= TimeProvider.System;
        if (Exists(folder)) throw new InvalidOperationException($"'{folder}' already holds an experiment; resume it with `nas resume {folder}`.");
        config = StrategyRegistry.Resolve(config); // validates strategy, space, preset and options before anything is written
        config.Budget.Validate();
        config = Evaluators.Validate(config);
        StrategyRegistry.Create(config);
        Directory.CreateDirectory(folder);
        config = config with { Name = config.Name ?? new DirectoryInfo(folder).Name };
        var json = config.ToJson();
        ModelFolder.WriteAtomically(Path.Combine(folder, ConfigFile), json);
        var now = time.GetUtcNow();
        var store = ExperimentStore.Create(Path.Combine(folder, DatabaseFile),
            new ExperimentInfo(config.Name!, config.Strategy, config.Space, json, config.Seed, ExperimentStatus.Created, now, now, null), time, durable);
        return new Experiment(folder, config, store, time);
    }

    /// <summary>Opens an existing experiment folder (its stored config is authoritative).</summary>
    public static Experiment Open(string folder, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        if (!Exists(folder)) throw new DirectoryNotFoundException($"'{folder}' holds no experiment ({DatabaseFile} is missing).");
        var store = ExperimentStore.Open(Path.Combine(folder, DatabaseFile), time);
        try
        {
            var config = ExperimentConfig.FromJson(store.Info.ConfigJson, store.Path);
            return new Experiment(folder, config, store, time);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Runs the search with trials trained in this process, until finished or cancelled (then stopped, resumable).
    /// Only one run per folder at a time: see <see cref="RunAsync(ITrialRunner, IProgress{SearchProgress}?, CancellationToken)"/>.</summary>
    /// <exception cref="ExperimentLockedException">A live process is running this folder; nothing was changed.</exception>
    public async Task<SearchResult> RunAsync(IProgress<SearchProgress>? progress = null, IProgress<TrainingProgress>? trialProgress = null,
        CancellationToken cancellation = default)
    {
        using var folderLock = ExperimentLock.Acquire(Folder, _time); // before the data is loaded: fail fast
        var data = new Lazy<SearchData>(() => SearchData.Load(Config.Budget, Config.Seed));
        try
        {
            ITrialRunner runner = Config.Evaluator == Benchmarks.TableTrialRunner.EvaluatorName
                ? new Benchmarks.TableTrialRunner(Benchmarks.Nb201Benchmark.Load(Config.Benchmark)) // no image data is loaded
                : new LazyTrialRunner(() => StrategyRegistry.Get(Config.Strategy).CreateTrialRunner(Config,
                    new TrainingTrialRunner(Config.Budget, Path.Combine(Folder, TrialsFolder), data.Value, trialProgress, _time)));
            return await RunLockedAsync(runner, data, progress, cancellation).ConfigureAwait(false);
        }
        finally
        {
            if (data.IsValueCreated) data.Value.Dispose();
        }
    }

    /// <summary>Runs the search with a custom trial runner (tests, other trial kinds). First takes the folder's lock
    /// (<c>experiment.lock</c>, released by the OS when this process ends, even when killed) and keeps it until the run
    /// ends, so a second run of the same folder is refused before it changes anything.</summary>
    /// <remarks>With one worker (the default) the search and its trials run on one thread of their own; keep your own
    /// tensor work off other threads meanwhile: a second thread running libtorch ops gives it a second OpenMP team, and
    /// on a machine with few cores both then run up to 2x slower.</remarks>
    /// <exception cref="ExperimentLockedException">A live process (this one or another) is running this folder; the
    /// message names it, and the store is untouched.</exception>
    public async Task<SearchResult> RunAsync(ITrialRunner runner, IProgress<SearchProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        using var folderLock = ExperimentLock.Acquire(Folder, _time);
        var data = new Lazy<SearchData>(() => SearchData.Load(Config.Budget, Config.Seed));
        try
        {
            return await RunLockedAsync(runner, data, progress, cancellation).ConfigureAwait(false);
        }
        finally
        {
            if (data.IsValueCreated) data.Value.Dispose();
        }
    }

    // With one worker, trials run inline (below), and the whole run gets a thread of its own: RunAsync returns at once,
    // and every tensor op of the search (data, strategy, trials) stays on that one thread. Each thread that runs libtorch
    // ops gets its own OpenMP team, and once libgomp manages more threads than there are cores it sleeps instead of
    // spinning between parallel regions: a retraining on a trial thread of its own after a supernet search ran at
    // 85 img/s against 187 img/s alone (2026-12-02, 2 cores, 28% of its time in the kernel), and a main job whose
    // first depthwise self-check ran on the caller's thread took 5.9 min instead of 4.5.
    private Task<SearchResult> RunLockedAsync(ITrialRunner runner, Lazy<SearchData> data, IProgress<SearchProgress>? progress,
        CancellationToken cancellation) =>
        RunsInline(runner)
            ? Task.Factory.StartNew(() => RunSearchAsync(runner, data, progress, cancellation), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()
            : RunSearchAsync(runner, data, progress, cancellation);

    private bool RunsInline(ITrialRunner runner) => Config.Workers == 1 || runner is Benchmarks.TableTrialRunner;

    private async Task<SearchResult> RunSearchAsync(ITrialRunner runner, Lazy<SearchData> data, IProgress<SearchProgress>? progress,
        CancellationToken cancellation)
    {
        // A folder moved to a machine without the device it was made for must stop here: its trials would otherwise
        // each fail on the device, and failed trials are final.
        Runtime.DeviceSelector.Resolve(Config.Budget.Device);
        var strategy = StrategyRegistry.Create(Config);
        // One worker: trials run inline, on this thread (see RunLockedAsync). Table lookups take microseconds, so a
        // worker thread and the hand-over would cost more than they do.
        using ITrialExecutor executor = RunsInline(runner)
            ? new InlineExecutor(runner, Config.Workers, _time)
            : new InProcessExecutor(runner, Config.Workers, _time);
        var annotator = Evaluators.Annotator(Config);
        var context = new SearchContext(Store, executor, strategy, Config.Seed, progress, _time, Folder) { Budget = Config.Budget, DataSource = data, Annotator = annotator };
        var resumed = Store.Info.Status != ExperimentStatus.Created;
        var requeued = Store.RequeueUnfinished();
        Log(resumed ? "resumed" : "started", resumed ? $"resumed; {requeued} unfinished trial(s) will run again" : $"started {Config.Strategy} on {Config.Space}");
        Store.SetStatus(ExperimentStatus.Running);
        if (annotator is null && Config.Space == "nb201") Log(Benchmarks.Nb201Annotator.NotFoundEventKind, Benchmarks.Nb201Annotator.NotFoundMessage);
        try
        {
            context.Restore();
            await strategy.RunAsync(context, cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Store.SetStatus(ExperimentStatus.Stopped);
            Log("stopped", "stopped by the user after the last checkpoint; run `nas resume` to continue");
            return Result(ExperimentStatus.Stopped);
        }
        catch (Exception e)
        {
            Store.SetStatus(ExperimentStatus.Failed);
            Log("failed", $"{e.GetType().Name}: {e.Message}");
            throw;
        }
        var result = Result(ExperimentStatus.Finished);
        WriteBest(result.Best);
        Store.SetStatus(ExperimentStatus.Finished);
        Log("finished", result.Best is null ? "finished; no trial succeeded"
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"finished; best {result.Best.Key} valid {100 * result.Best.ValidAccuracy:F2}%"));
        if (TrueTestAccuracy(result.Best) is { } trueAcc)
            Log("nb201_answer", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"true CIFAR-10 test accuracy of the answer (NAS-Bench-201): {100 * trueAcc:F2}%"));
        if (WriteReportWhenFinished) WriteReport();
        return result;
    }

    /// <summary>The current trials and the answer: the trial the strategy declared (<see cref="SearchContext.DeclareFinal"/>),
    /// else the best succeeded trial (<see cref="Export.HtmlReport.Best"/>).</summary>
    public SearchResult Result(ExperimentStatus status)
    {
        var trials = Store.Trials();
        return new SearchResult(status, Declared(trials) ?? Export.HtmlReport.Best(trials), trials);
    }

    /// <summary>Writes <c>report.html</c> and <c>plots/</c> into the folder from what the store holds, with the declared
    /// answer shown as such; returns the report's path.</summary>
    public string WriteReport()
    {
        var trials = Store.Trials();
        return Export.HtmlReport.Write(Folder, Store.Info, trials, Store.Metrics(), Store.Events(), Declared(trials), Store.Gallery());
    }

    private TrialRecord? Declared(IReadOnlyList<TrialRecord> trials)
    {
        var final = Store.Events().LastOrDefault(e => e.Kind == FinalEventKind)?.Message;
        return final is null ? null : trials.FirstOrDefault(t => t.Key == final);
    }

    /// <summary>Closes the store.</summary>
    public void Dispose() => Store.Dispose();

    private void WriteBest(TrialRecord? best)
    {
        if (best is null) return;
        var dir = Path.Combine(Folder, GenotypesFolder);
        Directory.CreateDirectory(dir);
        var architecture = SearchSpaces.ArchitectureJson.Deserialize(best.ArchitectureJson);
        ModelFolder.WriteAtomically(Path.Combine(dir, "best.json"), SearchSpaces.ArchitectureJson.Serialize(architecture));
        var text = architecture is SearchSpaces.CellGenotype or SearchSpaces.Nb201Genotype or SearchSpaces.EnasMacroGenotype or SearchSpaces.PetridishGenotype
            ? SearchSpaces.ArchitectureFormats.ToText(architecture) : null; // the kinds best.svg can draw
        var summary = new System.Text.Json.Nodes.JsonObject
        {
            ["key"] = best.Key, ["kind"] = best.Kind, ["architecture"] = text, ["valid_accuracy"] = best.ValidAccuracy,
            ["test_accuracy"] = best.TestAccuracy, ["parameters"] = best.Parameters, ["macs"] = best.Macs,
            ["metrics"] = System.Text.Json.JsonSerializer.SerializeToNode(best.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).ToDictionary()),
        };
        ModelFolder.WriteAtomically(Path.Combine(Folder, ResultFile), summary.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        if (text is not null)
        {
            ModelFolder.WriteAtomically(Path.Combine(dir, "best.txt"), text + "\n");
            ModelFolder.WriteAtomically(Path.Combine(dir, "best.svg"), Export.CellDrawing.Draw(architecture, "svg"));
        }
    }

    private void Log(string kind, string message)
    {
        Store.AddEvent(kind, message);
        File.AppendAllText(Path.Combine(Folder, LogFile), $"{_time.GetUtcNow():O} {kind}: {message}\n");
    }
}
