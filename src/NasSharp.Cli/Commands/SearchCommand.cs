namespace NasSharp.Cli.Commands;

using System.CommandLine;
using System.Globalization;
using NasSharp.Experiments;
using NasSharp.SearchSpaces;
using NasSharp.Strategies;

/// <summary><c>nas search</c> and <c>nas resume</c>: run a search as a resumable experiment folder.</summary>
public static class SearchCommand
{
    /// <summary>Creates <c>nas search</c> with the common options and, when <paramref name="args"/> name a registered
    /// strategy (<c>--strategy X</c>), X's own options and presets (so <c>nas search --strategy X --help</c> lists them).</summary>
    public static Command Create(TextWriter output, TextWriter error, IReadOnlyList<string>? args = null)
    {
        var config = new ExperimentConfig();
        var budget = config.Budget;
        var chosen = StrategyRegistry.Find(StrategyArgument(args) ?? config.Strategy);
        var strategy = new Option<string>("--strategy") { Description = $"Search strategy: {string.Join(", ", StrategyRegistry.Names)} (`nas strategies` describes them; `nas search --strategy X --help` lists X's options and presets).", DefaultValueFactory = _ => config.Strategy };
        var space = new Option<string>("--space") { Description = $"Search space: {string.Join(", ", SearchSpaceCatalog.Names)}" + (chosen is null ? "." : $" ({chosen.Name} searches {string.Join(", ", chosen.Spaces)})."), DefaultValueFactory = _ => config.Space };
        var trials = new Option<int>("--trials") { Description = "Trials to run (trial-based strategies).", DefaultValueFactory = _ => config.Trials };
        var workers = new Option<int>("--workers") { Description = "Concurrent trials (1 keeps CPU runs reproducible).", DefaultValueFactory = _ => config.Workers };
        var seed = new Option<int>("--seed") { Description = "Root seed.", DefaultValueFactory = _ => config.Seed };
        var data = new Option<string>("--data") { Description = "Dataset name or path (see `nas train --help`).", DefaultValueFactory = _ => budget.Data };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder where dataset names are looked up." };
        var epochs = new Option<int>("--epochs") { Description = chosen?.EpochsHelp ?? "Training epochs per trial (or what the strategy makes of them: see its --help).", DefaultValueFactory = _ => budget.Epochs };
        var channels = new Option<int>("--channels") { Description = "Initial channels of each trial's network.", DefaultValueFactory = _ => budget.Channels };
        var layers = new Option<int>("--layers") { Description = "Cells (darts) or cells per stage (nb201).", DefaultValueFactory = _ => budget.Layers };
        var batch = new Option<int>("--batch-size") { Description = "Minibatch size.", DefaultValueFactory = _ => budget.BatchSize };
        var lr = new Option<double>("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => budget.LearningRate };
        var valid = new Option<double>("--valid-fraction") { Description = "Part of the training set held out for validation.", DefaultValueFactory = _ => budget.ValidFraction };
        var limit = new Option<int>("--train-limit") { Description = "Use only N search-training images, class-balanced (0: all)." };
        var outDir = new Option<string>("--out") { Description = "Experiment folder (an existing one is resumed).", DefaultValueFactory = _ => "runs/search" };
        var cutout = new Option<int>("--cutout") { Description = "Cutout side in pixels when training trials (0: off).", DefaultValueFactory = _ => budget.Cutout };
        var crop = new Option<int>("--crop-padding") { Description = "Random-crop padding in pixels when training trials (0: no cropping).", DefaultValueFactory = _ => budget.CropPadding };
        var flip = new Option<bool>("--flip") { Description = "Random horizontal flips when training trials (`--flip false`: off).", DefaultValueFactory = _ => budget.HorizontalFlip };
        var auxiliary = new Option<bool>("--auxiliary") { Description = "Train cell networks with the auxiliary head (weight 0.4)." };
        var dropPath = new Option<double>("--drop-path") { Description = "Final drop-path probability when training trials.", DefaultValueFactory = _ => budget.DropPath };
        var preset = new Option<string?>("--preset")
        {
            Description = chosen is null
                ? "The strategy's settings preset (see `nas search --strategy X --help`)."
                : $"{chosen.Name} preset (default {chosen.Presets[0]}): " + string.Join("; ", chosen.Presets.Zip(chosen.PresetSummaries, (p, d) => $"{p} = {d}")) +
                  ". A preset may set the trial budget too; the budget options given explicitly override it.",
        };
        var device = new Option<string>("--device") { Description = $"Where trials and supernets run: {NasSharp.Runtime.DeviceSelector.ValidNames} (auto: CUDA when available).", DefaultValueFactory = _ => budget.Device };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the final summary." };
        var plain = new Option<bool>("--plain") { Description = "Plain progress lines even in a terminal." };
        var evaluator = new Option<string>("--evaluator") { Description = "How trials are evaluated: train (trained with the budget) or table (answered from the NAS-Bench-201 table; nb201 only).", DefaultValueFactory = _ => config.Evaluator };
        var benchmark = Bench201Command.BenchmarkOption();
        var own = (chosen?.CliOptions ?? []).Select(o => (Spec: o, Option: new Option<string?>(o.Name)
        {
            Description = $"{chosen!.Name}: {o.Description} (default: the preset's).",
            HelpName = HelpName(chosen, o),
        })).ToArray();
        var command = new Command("search", "Search for an architecture; the run is an experiment folder that survives crashes and resumes." +
            (chosen is null ? "" : $" Strategy {chosen.Name}: {chosen.Summary}."))
        {
            strategy, space, trials, workers, seed, data, dataDir, epochs, channels, layers, batch, lr, valid, limit, cutout, crop, flip, auxiliary, dropPath,
            preset, device, outDir, quiet, plain, evaluator, benchmark,
        };
        foreach (var (_, option) in own) command.Options.Add(option);
        command.SetAction((parse, cancellation) => Task.FromResult(CliErrors.Run(error, () =>
        {
            var folder = parse.GetValue(outDir)!;
            if (parse.GetValue(strategy) == "enas" && SearchSpaceCatalog.Canonical(parse.GetValue(space)!) == "enas-rnn")
            {
                // The recurrent space searches a language model on a text corpus: its own folder layout (EnasRecurrentSearch).
                string? Own(string name) => own.FirstOrDefault(x => x.Spec.Name == name).Option is { } opt ? parse.GetValue(opt) : null;
                int OwnInt(string name, int fallback) => Own(name) is not { } v ? fallback
                    : int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n
                    : throw new ArgumentException($"{name}: expected a whole number >= 0, got '{v}'");
                var o = NasSharp.Strategies.Enas.EnasRecurrentOptions.Preset(parse.GetValue(preset));
                var retrainEpochs = parse.GetResult(epochs) is { Implicit: false } ? parse.GetValue(epochs) : o.Retrain.Epochs;
                o = o with
                {
                    Seed = parse.GetValue(seed),
                    Epochs = OwnInt("--search-epochs", o.Epochs),
                    StepsPerEpoch = OwnInt("--steps-per-epoch", o.StepsPerEpoch),
                    ControllerSteps = OwnInt("--controller-steps", o.ControllerSteps),
                    ControllerAggregate = OwnInt("--controller-aggregate", o.ControllerAggregate),
                    DeriveSamples = OwnInt("--derive-samples", o.DeriveSamples),
                    EntropyWeight = Own("--entropy-weight") is not { } ew ? o.EntropyWeight
                        : double.TryParse(ew, NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && w >= 0 && double.IsFinite(w) ? w
                        : throw new ArgumentException($"--entropy-weight: expected a finite number >= 0, got '{ew}'"),
                    Shared = o.Shared with { BatchSize = OwnInt("--shared-batch-size", o.Shared.BatchSize) },
                    Retrain = o.Retrain with { Epochs = OwnInt("--retrain", retrainEpochs) },
                };
                var corpus = parse.GetValue(data)!;
                if (corpus == budget.Data) corpus = NasSharp.Data.Text.CorpusCatalog.BuiltInName;
                output.WriteLine($"nas search: ENAS recurrent cell on {corpus}, preset {parse.GetValue(preset) ?? "cpu-small"}, {o.Epochs} search epochs, retrain {o.Retrain.Epochs} epochs -> {folder}");
                var rnn = NasSharp.Strategies.Enas.EnasRecurrentSearch.Run(o, corpus, parse.GetValue(dataDir), folder, output.WriteLine, cancellation)!;
                output.WriteLine($"best: {rnn.BestText}");
                output.WriteLine($"enas_lm fixed_arc: {rnn.BestArc}");
                if (rnn.Retrained is { } r)
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"retrained: valid ppl {r.ValidPerplexity:F2} test ppl {r.TestPerplexity:F2}, params {r.Parameters / 1e6:F3} M"));
                output.WriteLine($"search folder: {Path.GetFullPath(folder)}");
                return 0;
            }
            if (Experiment.Exists(folder))
            {
                output.WriteLine($"'{folder}' holds an experiment: resuming it with its stored configuration.");
                return Resume(folder, output, parse.GetValue(quiet), parse.GetValue(plain), cancellation);
            }
            var definition = StrategyRegistry.Get(parse.GetValue(strategy)!);
            bool Given<T>(Option<T> option) => parse.GetResult(option) is { Implicit: false };
            // A strategy with one space (petridish) searches it when --space is not given.
            var spaceName = SearchSpaceCatalog.Canonical(!Given(space) && definition.Spaces.Count == 1 ? definition.Spaces[0] : parse.GetValue(space)!);
            var presetName = parse.GetValue(preset);
            // The preset supplies the strategy's options and (for strategies that retrain) the budget; explicit options win.
            var options = definition.ResolveOptions(spaceName, presetName, null);
            var baseBudget = definition.PresetBudget(spaceName, presetName, budget);
            if (Given(epochs)) (options, baseBudget) = definition.ApplyEpochs(options, baseBudget, parse.GetValue(epochs));
            foreach (var (spec, option) in own)
                if (parse.GetValue(option) is { } text) definition.SetOption(options, spec, text);
            T Pick<T>(Option<T> option, T presetValue) => Given(option) ? parse.GetValue(option)! : presetValue;
            var cfg = new ExperimentConfig
            {
                Strategy = definition.Name, Space = spaceName, Preset = presetName, Trials = parse.GetValue(trials),
                Workers = parse.GetValue(workers), Seed = parse.GetValue(seed), StrategyOptions = options,
                Evaluator = parse.GetValue(evaluator)!, Benchmark = parse.GetValue(benchmark),
                Budget = baseBudget with
                {
                    Data = parse.GetValue(data)!, DataDir = parse.GetValue(dataDir),
                    Channels = Pick(channels, baseBudget.Channels), Layers = Pick(layers, baseBudget.Layers), BatchSize = Pick(batch, baseBudget.BatchSize),
                    LearningRate = Pick(lr, baseBudget.LearningRate), ValidFraction = Pick(valid, baseBudget.ValidFraction), TrainLimit = Pick(limit, baseBudget.TrainLimit),
                    Cutout = Pick(cutout, baseBudget.Cutout), Auxiliary = Pick(auxiliary, baseBudget.Auxiliary), DropPath = Pick(dropPath, baseBudget.DropPath),
                    CropPadding = Pick(crop, baseBudget.CropPadding), HorizontalFlip = Pick(flip, baseBudget.HorizontalFlip),
                    Device = parse.GetValue(device)!,
                },
            };
            using (Experiment.Create(folder, cfg)) { }
            return Resume(folder, output, parse.GetValue(quiet), parse.GetValue(plain), cancellation);
        })));
        return command;
    }

    /// <summary>Creates <c>nas strategies</c>: every registered strategy with its spaces, presets and options.</summary>
    public static Command CreateStrategies(TextWriter output, TextWriter error)
    {
        var command = new Command("strategies", "List the search strategies, their spaces, presets and own options.");
        command.SetAction(_ => CliErrors.Run(error, () =>
        {
            foreach (var d in StrategyRegistry.All)
            {
                output.WriteLine($"{d.Name}: {d.Summary}");
                output.WriteLine($"  spaces:  {string.Join(", ", d.Spaces)}");
                output.WriteLine($"  presets: {string.Join(", ", d.Presets)} (default {d.Presets[0]})");
                if (d.CliOptions.Count > 0) output.WriteLine($"  options: {string.Join(" ", d.CliOptions.Select(o => o.Name))}");
            }
            output.WriteLine("`nas search --strategy X --help` shows X's options and presets in full.");
            return 0;
        }));
        return command;
    }

    // The value of --strategy in the raw arguments (`--strategy x`, `--strategy=x`, `--strategy:x`), if any.
    private static string? StrategyArgument(IReadOnlyList<string>? args)
    {
        if (args is null) return null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--strategy" && i + 1 < args.Count) return args[i + 1];
            if (args[i].StartsWith("--strategy=", StringComparison.Ordinal) || args[i].StartsWith("--strategy:", StringComparison.Ordinal)) return args[i][11..];
        }
        return null;
    }

    private static string HelpName(IStrategyDefinition definition, StrategyOption option)
    {
        var type = definition.OptionsType.GetProperty(option.Property)?.PropertyType;
        return type == typeof(int) || type == typeof(long) ? "int" : type == typeof(double) ? "number" : type == typeof(bool) ? "true|false" : "text";
    }

    /// <summary>Creates <c>nas resume</c>.</summary>
    public static Command CreateResume(TextWriter output, TextWriter error)
    {
        var folder = new Argument<string>("dir") { Description = "Experiment folder." };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the final summary." };
        var plain = new Option<bool>("--plain") { Description = "Plain progress lines even in a terminal." };
        var command = new Command("resume", "Continue a stopped or crashed experiment from its last checkpoint.") { folder, quiet, plain };
        command.SetAction((parse, cancellation) => Task.FromResult(CliErrors.Run(error, () =>
            Resume(parse.GetValue(folder)!, output, parse.GetValue(quiet), parse.GetValue(plain), cancellation))));
        return command;
    }

    private static int Resume(string folder, TextWriter output, bool quiet, bool plain, CancellationToken cancellation)
    {
        using var experiment = Experiment.Open(folder);
        if (!quiet)
            output.WriteLine($"{experiment.Config.Strategy} on {experiment.Config.Space}, device {NasSharp.Runtime.DeviceSelector.Resolve(experiment.Config.Budget.Device)}; libtorch oneDNN {NasSharp.Runtime.TorchRuntime.OneDnnStatus}; MKL {NasSharp.Runtime.MklCpuDispatch.Status}");
        var result = new SearchDisplay(output, quiet, plain)
            .RunAsync((search, trial) => experiment.RunAsync(search, trial, cancellation)).GetAwaiter().GetResult();
        var inv = CultureInfo.InvariantCulture;
        var failed = result.Trials.Count(t => t.Status == TrialStatus.Failed);
        output.WriteLine(string.Create(inv, $"{result.Status.ToString().ToLowerInvariant()}: {result.Trials.Count} trials ({failed} failed) in {Path.GetFullPath(folder)}"));
        if (result.Best is null && failed > 0)
        {
            var first = result.Trials.First(t => t.Status == TrialStatus.Failed);
            output.WriteLine($"no trial succeeded: every one of the {failed} failed; the first ({first.Key}) with: {first.FailureReason}");
            output.WriteLine($"every failure is stored with its reason (`nas report {folder}` lists them)");
        }
        if (result.Best is { } best)
        {
            output.WriteLine(string.Create(inv, $"best: {best.Key} valid {100 * best.ValidAccuracy:F2}% test {(best.TestAccuracy is { } t ? $"{100 * t:F2}%" : "— (not measured)")} params {best.Parameters / 1e6:F3} M MACs {(best.Macs is { } macs ? (macs / 1e6).ToString("F1", inv) + " M" : "—")}"));
            var arch = ArchitectureJson.Deserialize(best.ArchitectureJson);
            output.WriteLine(ArchitectureFormats.ToText(arch));
            if (Experiment.TrueTestAccuracy(best) is { } trueAcc)
                output.WriteLine(string.Create(inv, $"true CIFAR-10 test accuracy of the answer (NAS-Bench-201): {100 * trueAcc:F2}%"));
        }
        return result.Status == ExperimentStatus.Stopped ? 130 : 0;
    }
}
