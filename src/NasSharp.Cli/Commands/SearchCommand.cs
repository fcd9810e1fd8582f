namespace NasSharp.Cli.Commands;

using System.CommandLine;
using System.Globalization;
using NasSharp.Experiments;
using NasSharp.SearchSpaces;
using NasSharp.Strategies;
using NasSharp.Strategies.Enas;

/// <summary><c>nas search</c> and <c>nas resume</c>: run a search as a resumable experiment folder.</summary>
public static class SearchCommand
{
    /// <summary>Creates <c>nas search</c>.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = new ExperimentConfig();
        var budget = config.Budget;
        var strategy = new Option<string>("--strategy") { Description = $"Search strategy: {string.Join(", ", StrategyCatalog.Names)}.", DefaultValueFactory = _ => config.Strategy };
        var space = new Option<string>("--space") { Description = $"Search space: {string.Join(", ", SearchSpaceCatalog.Names)}.", DefaultValueFactory = _ => config.Space };
        var trials = new Option<int>("--trials") { Description = "Trials to run.", DefaultValueFactory = _ => config.Trials };
        var workers = new Option<int>("--workers") { Description = "Concurrent trials (1 keeps CPU runs reproducible).", DefaultValueFactory = _ => config.Workers };
        var seed = new Option<int>("--seed") { Description = "Root seed.", DefaultValueFactory = _ => config.Seed };
        var data = new Option<string>("--data") { Description = "Dataset name or path (see `nas train --help`).", DefaultValueFactory = _ => budget.Data };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder where dataset names are looked up." };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs per trial.", DefaultValueFactory = _ => budget.Epochs };
        var channels = new Option<int>("--channels") { Description = "Initial channels of each trial's network.", DefaultValueFactory = _ => budget.Channels };
        var layers = new Option<int>("--layers") { Description = "Cells (darts) or cells per stage (nb201).", DefaultValueFactory = _ => budget.Layers };
        var batch = new Option<int>("--batch-size") { Description = "Minibatch size.", DefaultValueFactory = _ => budget.BatchSize };
        var lr = new Option<double>("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => budget.LearningRate };
        var valid = new Option<double>("--valid-fraction") { Description = "Part of the training set held out for validation.", DefaultValueFactory = _ => budget.ValidFraction };
        var limit = new Option<int>("--train-limit") { Description = "Use only the first N search-training images (0: all)." };
        var outDir = new Option<string>("--out") { Description = "Experiment folder (an existing one is resumed).", DefaultValueFactory = _ => "runs/search" };
        var cutout = new Option<int>("--cutout") { Description = "Cutout side in pixels when training trials (0: off).", DefaultValueFactory = _ => budget.Cutout };
        var crop = new Option<int>("--crop-padding") { Description = "Random-crop padding in pixels when training trials (0: no cropping; ENAS cpu-small: 0).", DefaultValueFactory = _ => budget.CropPadding };
        var flip = new Option<bool>("--flip") { Description = "Random horizontal flips when training trials (`--flip false`: off; ENAS cpu-small: off).", DefaultValueFactory = _ => budget.HorizontalFlip };
        var auxiliary = new Option<bool>("--auxiliary") { Description = "Train cell networks with the auxiliary head (weight 0.4)." };
        var dropPath = new Option<double>("--drop-path") { Description = "Final drop-path probability when training trials.", DefaultValueFactory = _ => budget.DropPath };
        var preset = new Option<string>("--preset") { Description = $"ENAS: settings preset ({string.Join(", ", EnasOptions.Presets)}); it also sets the retraining budget; --epochs (the retrain length), --channels, --layers, --batch-size, --lr, --cutout, --crop-padding, --flip, --auxiliary and --drop-path given explicitly override it.", DefaultValueFactory = _ => "paper" };
        var searchEpochs = new Option<int?>("--search-epochs") { Description = "ENAS: search epochs (default: the preset's; paper 150 micro / 310 macro)." };
        var retrain = new Option<int?>("--retrain") { Description = "ENAS: retrain the derived architecture from scratch for this many epochs (0: no; default: the preset's)." };
        var device = new Option<string>("--device") { Description = $"Where trials train: {NasSharp.Runtime.DeviceSelector.ValidNames} (auto: CUDA when available).", DefaultValueFactory = _ => budget.Device };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the final summary." };
        var plain = new Option<bool>("--plain") { Description = "Plain progress lines even in a terminal." };
        var command = new Command("search", "Search for an architecture; the run is an experiment folder that survives crashes and resumes.")
        {
            strategy, space, trials, workers, seed, data, dataDir, epochs, channels, layers, batch, lr, valid, limit, cutout, crop, flip, auxiliary, dropPath,
            preset, searchEpochs, retrain, device, outDir, quiet, plain,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(CliErrors.Run(error, () =>
        {
            var folder = parse.GetValue(outDir)!;
            if (Experiment.Exists(folder))
            {
                output.WriteLine($"'{folder}' holds an experiment: resuming it with its stored configuration.");
                return Resume(folder, output, parse.GetValue(quiet), parse.GetValue(plain), cancellation);
            }
            var name = parse.GetValue(strategy)!;
            var spaceName = SearchSpaceCatalog.Canonical(parse.GetValue(space)!); // aliases (nas-bench-201, ...) are stored canonical
            var enas = name.Equals("enas", StringComparison.OrdinalIgnoreCase);
            var presetName = parse.GetValue(preset)!;
            // An ENAS preset supplies the retraining budget; options given explicitly win.
            var baseBudget = enas ? EnasPresets.Budget(spaceName, presetName) : budget;
            T Pick<T>(Option<T> option, T presetValue) => parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option)! : presetValue;
            var cfg = new ExperimentConfig
            {
                Strategy = name, Space = spaceName, Trials = parse.GetValue(trials),
                Workers = parse.GetValue(workers), Seed = parse.GetValue(seed),
                Budget = baseBudget with
                {
                    Data = parse.GetValue(data)!, DataDir = parse.GetValue(dataDir),
                    // ENAS trains with Enas.RetrainEpochs (below), so its `--epochs 0` (no retrain) leaves the budget's own.
                    Epochs = enas && Pick(epochs, baseBudget.Epochs) == 0 ? baseBudget.Epochs : Pick(epochs, baseBudget.Epochs),
                    Channels = Pick(channels, baseBudget.Channels), Layers = Pick(layers, baseBudget.Layers), BatchSize = Pick(batch, baseBudget.BatchSize),
                    LearningRate = Pick(lr, baseBudget.LearningRate), ValidFraction = parse.GetValue(valid), TrainLimit = parse.GetValue(limit),
                    Cutout = Pick(cutout, baseBudget.Cutout), Auxiliary = Pick(auxiliary, baseBudget.Auxiliary), DropPath = Pick(dropPath, baseBudget.DropPath),
                    CropPadding = Pick(crop, baseBudget.CropPadding), HorizontalFlip = Pick(flip, baseBudget.HorizontalFlip),
                    Device = parse.GetValue(device)!,
                },
            };
            if (enas)
            {
                var options = EnasOptions.ForSpace(spaceName, presetName);
                if (parse.GetValue(searchEpochs) is { } se) options = options with { Epochs = se };
                if (parse.GetValue(retrain) is { } re) options = options with { RetrainEpochs = re };
                // For ENAS, --epochs (epochs per trial) is the retraining length unless --retrain says otherwise.
                else if (parse.GetResult(epochs) is { Implicit: false }) options = options with { RetrainEpochs = parse.GetValue(epochs) };
                cfg = cfg with { Enas = options };
            }
            using (Experiment.Create(folder, cfg)) { }
            return Resume(folder, output, parse.GetValue(quiet), parse.GetValue(plain), cancellation);
        })));
        return command;
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
        var result = new SearchDisplay(output, quiet, plain)
            .RunAsync((search, trial) => experiment.RunAsync(search, trial, cancellation)).GetAwaiter().GetResult();
        var inv = CultureInfo.InvariantCulture;
        var failed = result.Trials.Count(t => t.Status == TrialStatus.Failed);
        output.WriteLine(string.Create(inv, $"{result.Status.ToString().ToLowerInvariant()}: {result.Trials.Count} trials ({failed} failed) in {Path.GetFullPath(folder)}"));
        if (result.Best is { } best)
        {
            output.WriteLine(string.Create(inv, $"best: {best.Key} valid {100 * best.ValidAccuracy:F2}% test {100 * best.TestAccuracy:F2}% params {best.Parameters / 1e6:F3} M MACs {best.Macs / 1e6:F1} M"));
            var arch = ArchitectureJson.Deserialize(best.ArchitectureJson);
            output.WriteLine(ArchitectureFormats.ToText(arch));
        }
        return result.Status == ExperimentStatus.Stopped ? 130 : 0;
    }
}
