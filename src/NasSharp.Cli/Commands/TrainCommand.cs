namespace NasSharp.Cli.Commands;

using System.CommandLine;
using NasSharp.Training;

/// <summary><c>nas train</c>: train an architecture from scratch into a model folder.</summary>
public static class TrainCommand
{
    /// <summary>Default initial channels, sized for CPUs: DARTS_V2 at C=16 with 5 cells is 0.13 M parameters and
    /// 19 M MACs per 28x28 image, about 100 images/s to train on 2 cores. DARTS's CIFAR-10 evaluation network is
    /// <c>--channels 36 --layers 20 --auxiliary --cutout 16 --epochs 600</c>.</summary>
    public const int DefaultChannels = 16;
    /// <summary>Default number of cells (DARTS evaluation: 20); reduction cells sit at 1/3 and 2/3.</summary>
    public const int DefaultLayers = 5;

    /// <summary>Creates the command.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var defaults = new TrainingOptions();
        var arch = new Option<string>("--arch") { Description = "Architecture: a published name (see `nas arch list`), a file (.json or DARTS/NB201 text) or a genotype string.", Required = true };
        var data = new Option<string>("--data") { Description = "Dataset: default | fashion-mnist | mnist | cifar10 | a path (IDX folder, image folder with train/ and test/, CIFAR binary).", DefaultValueFactory = _ => "default" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder where dataset names are looked up (default: $NASSHARP_DATA)." };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => defaults.Epochs };
        var channels = new Option<int>("--channels") { Description = "Initial channels C.", DefaultValueFactory = _ => DefaultChannels };
        var layers = new Option<int>("--layers") { Description = "Cells (DARTS space) or cells per stage (NAS-Bench-201, benchmark: 5).", DefaultValueFactory = _ => DefaultLayers };
        var batch = new Option<int>("--batch-size") { Description = "Minibatch size.", DefaultValueFactory = _ => defaults.BatchSize };
        var lr = new Option<double>("--lr") { Description = "Initial learning rate (cosine-annealed).", DefaultValueFactory = _ => defaults.LearningRate };
        var wd = new Option<double>("--weight-decay") { Description = "L2 weight decay.", DefaultValueFactory = _ => defaults.WeightDecay };
        var cutout = new Option<int>("--cutout") { Description = "Cutout length in pixels (0: off; DARTS CIFAR runs: 16).", DefaultValueFactory = _ => defaults.Cutout };
        var auxiliary = new Option<bool>("--auxiliary") { Description = "Add the auxiliary head (weight 0.4)." };
        var dropPath = new Option<double>("--drop-path") { Description = "Final drop-path probability.", DefaultValueFactory = _ => defaults.DropPath };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => defaults.Seed };
        var limit = new Option<int>("--train-limit") { Description = "Use only the first N training images (0: all)." };
        var logEvery = new Option<int>("--log-every") { Description = "Progress line every N steps.", DefaultValueFactory = _ => defaults.LogEvery };
        var outDir = new Option<string>("--out") { Description = "Model folder to write (resumes if it holds a checkpoint of the same run).", DefaultValueFactory = _ => "runs/train" };

        var command = new Command("train", "Train an architecture from scratch and write the model, metrics and architecture.")
        {
            arch, data, dataDir, epochs, channels, layers, batch, lr, wd, cutout, auxiliary, dropPath, seed, limit, logEvery, outDir,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(CliErrors.Run(error, () =>
        {
            var options = defaults with
            {
                Epochs = Positive(parse.GetValue(epochs), "--epochs"),
                BatchSize = Positive(parse.GetValue(batch), "--batch-size"),
                LearningRate = parse.GetValue(lr),
                WeightDecay = parse.GetValue(wd),
                Cutout = parse.GetValue(cutout),
                DropPath = parse.GetValue(dropPath),
                Seed = parse.GetValue(seed),
                LogEvery = Positive(parse.GetValue(logEvery), "--log-every"),
            };
            var config = new TrainJobConfig(parse.GetValue(arch)!, parse.GetValue(data)!, parse.GetValue(dataDir),
                Positive(parse.GetValue(channels), "--channels"), Positive(parse.GetValue(layers), "--layers"),
                parse.GetValue(auxiliary), options, parse.GetValue(limit));
            var folder = parse.GetValue(outDir)!;
            if (OperatingSystem.IsLinux() && !NasSharp.Runtime.TorchRuntime.OneDnnDisabled)
                error.WriteLine("warning: could not switch libtorch's oneDNN off; conv gradients may contain NaN on some CPUs.");
            output.WriteLine($"nas train: {config.Architecture} on {config.Data}, C={config.Channels}, layers={config.Layers}, {options.Epochs} epochs -> {folder}");
            var result = TrainJob.Run(config, folder, new LineProgress(output), cancellation: cancellation);
            output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"test accuracy {100 * result.TestAccuracy:F2}% (loss {result.TestLoss:F4}), params {result.Parameters / 1e6:F3} M, ") +
                string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"MACs {result.Macs / 1e6:F1} M, {result.Epochs} epochs, wall {TrainingProgress.FormatDuration(TimeSpan.FromSeconds(result.WallSeconds))}"));
            output.WriteLine($"model folder: {Path.GetFullPath(folder)}");
            return 0;
        })));
        return command;
    }

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw new ArgumentException($"{option} must be a positive integer, got {value}.");
}
