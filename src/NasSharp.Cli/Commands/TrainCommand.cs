namespace NasSharp.Cli.Commands;

using System.CommandLine;
using NasSharp.Training;

/// <summary><c>nas train</c>: train an architecture from scratch into a model folder.</summary>
public static class TrainCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var defaults = new TrainingOptions();
        var preset = new Option<string>("--preset") { Description = $"Training recipe: {string.Join(" | ", TrainPresets.Names)}. quick: for a few epochs on a CPU (no augmentation or drop-path); darts: DARTS's published CIFAR-10 evaluation, meant for DARTS-space cells (with a NAS-Bench-201 cell --layers counts cells per stage). Language models (a recurrent cell or lstm): cpu (= quick) or paper (enas_lm fixed_lib.py). Each option below lists both presets' values; options given explicitly override the preset.", DefaultValueFactory = _ => TrainPresets.Names[0] };
        var arch = new Option<string>("--arch") { Description = "Architecture: a published name (see `nas arch list`), a file (.json or DARTS/NB201 text) or a genotype string.", Required = true };
        var data = new Option<string>("--data") { Description = "Dataset: default | fashion-mnist | mnist | cifar10 | a path (IDX folder, image folder with train/ and test/, CIFAR binary).", DefaultValueFactory = _ => "default" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder where dataset names are looked up (default: $NASSHARP_DATA)." };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs" + PresetValues(p => p.Training.Epochs) };
        var channels = new Option<int>("--channels") { Description = "Initial channels C" + PresetValues(p => p.Channels) };
        var layers = new Option<int>("--layers") { Description = "Cells (DARTS space) or cells per stage (NAS-Bench-201, benchmark: 5)" + PresetValues(p => p.Layers) };
        var batch = new Option<int>("--batch-size") { Description = "Minibatch size" + PresetValues(p => p.Training.BatchSize) };
        var lr = new Option<double>("--lr") { Description = "Initial learning rate, cosine-annealed to 0" + PresetValues(p => p.Training.LearningRate) };
        var wd = new Option<double>("--weight-decay") { Description = "L2 weight decay" + PresetValues(p => p.Training.WeightDecay) };
        var cutout = new Option<int>("--cutout") { Description = "Cutout length in pixels, 0: off" + PresetValues(p => p.Training.Cutout) };
        var crop = new Option<int>("--crop-padding") { Description = "Random-crop padding in pixels, 0: no cropping" + PresetValues(p => p.Training.CropPadding) };
        var flip = new Option<bool>("--flip") { Description = "Random horizontal flips: `--flip` on, `--flip false` off" + PresetValues(p => p.Training.HorizontalFlip) };
        var auxiliary = new Option<bool>("--auxiliary") { Description = "Auxiliary head (weight 0.4): `--auxiliary` on, `--auxiliary false` off" + PresetValues(p => p.Auxiliary) };
        var dropPath = new Option<double>("--drop-path") { Description = "Final drop-path probability, reached linearly" + PresetValues(p => p.Training.DropPath) };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => defaults.Seed };
        var limit = new Option<int>("--train-limit") { Description = "Use only the first N training images (0: all)." };
        var logEvery = new Option<int>("--log-every") { Description = "Progress line every N steps.", DefaultValueFactory = _ => defaults.LogEvery };
        var device = new Option<string>("--device") { Description = $"Where to train: {NasSharp.Runtime.DeviceSelector.ValidNames} (auto: CUDA when available).", DefaultValueFactory = _ => defaults.Device };
        var optimizer = new Option<string>("--optimizer") { Description = $"Optimiser: {string.Join(" | ", TrainingOptions.Optimizers)} (adam: the binary weights without weight decay). Default sgd; with --binary adam (1adrianb/binary-networks-pytorch examples/cifar10.py). With adam --lr defaults to 0.001." };
        var binary = new Option<bool>("--binary") { Description = "BATS's binary network (DARTS-format cells only) trained in two stages: --epochs with binary activations and real weights, then --stage2-epochs fully binary. Prints the three test accuracies and FLOPs/BOPs." };
        var binaryGroups = new Option<int>("--binary-groups") { Description = "Conv groups of the binary network (BATS: 12); C, 2C and 4C must be divisible by them and by 4 (without --channels, --binary takes the valid C nearest the preset's: quick 16 -> 12).", DefaultValueFactory = _ => NasSharp.Ops.Binary.BinaryCellOps.DefaultGroups };
        var stage2Epochs = new Option<int>("--stage2-epochs") { Description = "With --binary: epochs of stage 2 (fully binary). Default: as --epochs." };
        var hidden = new Option<int>("--hidden") { Description = "Language models (a recurrent cell or lstm): embedding = hidden size (cpu: 200, paper: 800)." };
        var bptt = new Option<int>("--bptt") { Description = "Language models: BPTT window length, the mean of the variable windows (35)." };
        var gradClip = new Option<double>("--grad-clip") { Description = "Language models: global gradient-norm bound (0.25)." };
        var lmDropout = new Option<string?>("--dropout") { Description = "Language models: dropout rates 'e,i,x,l,o[,w]' (embedding rows, embedded input, cell input, hidden, output, weight; cpu: 0,0.1,0.2,0.1,0.2; paper: enas_lm's 0.125,0.175,0.725,0.225,0.75)." };
        var outDir = new Option<string>("--out") { Description = "Model folder to write (resumes if it holds a checkpoint of the same run).", DefaultValueFactory = _ => "runs/train" };

        var command = new Command("train", "Train an architecture from scratch and write the model, metrics and architecture.")
        {
            arch, preset, data, dataDir, epochs, channels, layers, batch, lr, wd, cutout, crop, flip, auxiliary, dropPath, seed, limit, logEvery, device,
            optimizer, binary, binaryGroups, stage2Epochs, hidden, bptt, gradClip, lmDropout, outDir,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(CliErrors.Run(error, () =>
        {
            if (LanguageModelJob.IsLanguageModel(parse.GetValue(arch)!))
            {
                T PickLm<T>(Option<T> option, T presetValue) => parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option)! : presetValue;
                var p = LanguageModelOptions.Preset(parse.GetValue(preset)!);
                var lm = p with
                {
                    Hidden = PickLm(hidden, p.Hidden), Epochs = PickLm(epochs, p.Epochs), BatchSize = PickLm(batch, p.BatchSize),
                    Bptt = PickLm(bptt, p.Bptt), LearningRate = PickLm(lr, p.LearningRate), WeightDecay = PickLm(wd, p.WeightDecay),
                    GradientClip = PickLm(gradClip, p.GradientClip), Seed = parse.GetValue(seed), LogEvery = PickLm(logEvery, p.LogEvery),
                    Dropout = parse.GetValue(lmDropout) is { } d ? ParseDropout(d) : p.Dropout,
                };
                var dataName = parse.GetValue(data)!;
                var lmConfig = new LanguageModelJobConfig(parse.GetValue(arch)!, dataName == "default" ? NasSharp.Data.Text.CorpusCatalog.BuiltInName : dataName, parse.GetValue(dataDir), lm);
                var lmFolder = parse.GetValue(outDir)!;
                output.WriteLine($"nas train: language model {lmConfig.Architecture} on {lmConfig.Data}, preset {parse.GetValue(preset)}, hidden {lm.Hidden}, {lm.Epochs} epochs -> {lmFolder}");
                var lmResult = LanguageModelJob.Run(lmConfig, lmFolder, output.WriteLine, cancellation);
                output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"test perplexity {lmResult.TestPerplexity:F2} (valid {lmResult.ValidPerplexity:F2}), params {lmResult.Parameters / 1e6:F3} M, {lmResult.Epochs} epochs"));
                output.WriteLine($"model folder: {Path.GetFullPath(lmFolder)}");
                return 0;
            }
            var recipe = TrainPresets.Get(parse.GetValue(preset)!);
            // The preset supplies every value the command line does not give explicitly.
            T Pick<T>(Option<T> option, T presetValue) => parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option)! : presetValue;
            var r = recipe.Training;
            var isBinary = parse.GetValue(binary);
            // With --binary the binary-network recipe's optimiser (Adam, lr 1e-3) replaces the preset's unless given.
            var optimizerName = Pick(optimizer, isBinary ? "adam" : r.Optimizer);
            var options = r with
            {
                Epochs = Pick(epochs, r.Epochs),
                BatchSize = Pick(batch, r.BatchSize),
                LearningRate = Pick(lr, optimizerName == "adam" && r.Optimizer != "adam" ? 1e-3 : r.LearningRate), // Adam's usual 1e-3
                Optimizer = optimizerName,
                WeightDecay = Pick(wd, r.WeightDecay),
                Cutout = Pick(cutout, r.Cutout),
                CropPadding = Pick(crop, r.CropPadding),
                HorizontalFlip = Pick(flip, r.HorizontalFlip),
                DropPath = Pick(dropPath, r.DropPath),
                Seed = parse.GetValue(seed),
                LogEvery = parse.GetValue(logEvery),
                Device = parse.GetValue(device)!,
            };
            var config = new TrainJobConfig(parse.GetValue(arch)!, parse.GetValue(data)!, parse.GetValue(dataDir),
                Pick(channels, isBinary ? new NasSharp.Ops.Binary.BinaryCellOps(Math.Max(1, parse.GetValue(binaryGroups))).NearestValidChannels(recipe.Channels) : recipe.Channels),
                Pick(layers, recipe.Layers),
                Pick(auxiliary, recipe.Auxiliary), options, parse.GetValue(limit), isBinary, parse.GetValue(binaryGroups),
                isBinary ? Pick(stage2Epochs, options.Epochs) : 0);
            var folder = parse.GetValue(outDir)!;
            output.WriteLine(config.Binary
                ? $"nas train: binary {config.Architecture} (groups {config.BinaryGroups}) on {config.Data}, preset {recipe.Name}, C={config.Channels}, layers={config.Layers}, {options.Optimizer} lr {options.LearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {options.Epochs} + {config.Stage2Epochs} epochs (stage 1 + 2) -> {folder}"
                : $"nas train: {config.Architecture} on {config.Data}, preset {recipe.Name}, C={config.Channels}, layers={config.Layers}, {options.Epochs} epochs -> {folder}");
            var result = TrainJob.Run(config, folder, new LineProgress(output), cancellation: cancellation);
            if (result.Stage1TestAccuracy is { } s1)
                output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"stage 1 (binary activations, real weights) test accuracy {100 * s1:F2}%; stage 2 before fine-tuning {100 * result.Stage2BeforeFinetuneTestAccuracy!.Value:F2}%; stage 2 (fully binary) {100 * result.TestAccuracy:F2}%") +
                    string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"; FLOPs {result.Flops!.Value / 1e6:F2} M, BOPs {result.Bops!.Value / 1e6:F2} M, combined (FLOPs + BOPs/64) {result.CombinedFlops!.Value / 1e6:F2} M"));
            output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"test accuracy {100 * result.TestAccuracy:F2}% (loss {result.TestLoss:F4}), params {result.Parameters / 1e6:F3} M, ") +
                string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"MACs {result.Macs / 1e6:F1} M, {result.Epochs} epochs, wall {TrainingProgress.FormatDuration(TimeSpan.FromSeconds(result.WallSeconds))}"));
            output.WriteLine($"model folder: {Path.GetFullPath(folder)}");
            return 0;
        })));
        return command;
    }

    private static NasSharp.Networks.LanguageModelDropout ParseDropout(string text)
    {
        var v = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (v.Length is not (5 or 6) || !v.All(x => double.TryParse(x, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)))
            throw new ArgumentException($"--dropout: expected 5 or 6 comma-separated rates 'e,i,x,l,o[,w]', got '{text}'");
        var r = v.Select(x => double.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var dropout = new NasSharp.Networks.LanguageModelDropout(r[0], r[1], r[2], r[3], r[4], r.Length == 6 ? r[5] : 0);
        dropout.Validate();
        return dropout;
    }

    /// <summary>" (quick: 10, darts: 600)." for help texts, so they show what each preset sets.</summary>
    private static string PresetValues(Func<TrainPreset, object> value) =>
        " (" + string.Join(", ", TrainPresets.Names.Select(n => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{n}: {FormatValue(value(TrainPresets.Get(n)))}"))) + ").";

    private static string FormatValue(object value) => value switch
    {
        bool b => b ? "on" : "off",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
