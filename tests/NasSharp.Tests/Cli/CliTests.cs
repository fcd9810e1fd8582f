namespace NasSharp.Tests.Cli;

using System.Text.Json;
using System.Xml.Linq;
using NasSharp.SearchSpaces;
using NasSharp.Training;

public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ArchList_Always_ListsThePublishedArchitectures()
    {
        var (exit, output, _) = CliRunner.Run("arch", "list");
        Assert.Equal(0, exit);
        foreach (var name in new[] { "DARTS_V1", "DARTS_V2", "NASNet", "AmoebaNet", "ENAS", "NB201_BEST", "NB201_RESNET" })
            Assert.Contains(name, output);
    }

    [Fact]
    public void ArchShow_DartsV2_PrintsEveryFormatThatRoundTrips()
    {
        var (exit, output, _) = CliRunner.Run("arch", "show", "DARTS_V2");
        Assert.Equal(0, exit);
        var darts = DartsFormat.Format((CellGenotype)PublishedArchitectures.Get("DARTS_V2"));
        Assert.Contains(darts, output);
        var json = output[output.IndexOf('{')..];
        Assert.Equal(PublishedArchitectures.Get("DARTS_V2"), ArchitectureJson.Deserialize(json));
    }

    [Fact]
    public void SearchPetridish_NoSpaceGiven_SearchesItsOwnSpaceAndPrintsTheGalleryAnswer()
    {
        var folder = Path.Combine(_dir, "petridish");
        var (exit, output, error) = CliRunner.Run("search", "--strategy", "petridish", "--preset", "cpu-small", "--seed-layers", "2", "--seed-channels", "4",
            "--epochs", "1", "--max-models", "2", "--top-k", "1", "--train-limit", "128", "--valid-fraction", "0.05", "--batch-size", "32", "--plain", "--out", folder);
        Assert.True(exit == 0, error);
        Assert.Contains("gallery of 2 models", output);
        using var e = NasSharp.Experiments.Experiment.Open(folder);
        Assert.Equal("petridish", e.Config.Space);
        Assert.Equal(1, e.Config.StrategyOptions!["child_epochs"]!.GetValue<int>());
        Assert.Equal(["seed-0", "cand-0", "child-0"], e.Store.Trials().Select(t => t.Key));
        var (bad, _, why) = CliRunner.Run("search", "--strategy", "petridish", "--cost", "flops", "--out", Path.Combine(_dir, "bad-cost"));
        Assert.Equal(1, bad);
        Assert.Contains("--cost: expected macs, params or latency, got flops", why);
    }

    [Fact]
    public void SearchEnas_UnknownPreset_FailsNamingValidPresetsAndWritesNothing()
    {
        var folder = Path.Combine(_dir, "enas");
        var (exit, _, error) = CliRunner.Run("search", "--strategy", "enas", "--space", "enas-micro", "--preset", "huge", "--out", folder);
        Assert.NotEqual(0, exit);
        Assert.Contains("huge", error);
        Assert.Contains("cpu-small", error);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void SearchEnas_WrongSpace_FailsNamingTheEnasSpaces()
    {
        var (exit, _, error) = CliRunner.Run("search", "--strategy", "enas", "--space", "darts", "--out", Path.Combine(_dir, "x"));
        Assert.NotEqual(0, exit);
        Assert.Contains("enas-micro, enas-macro, nb201, not 'darts'", error);
    }

    [Fact]
    public void ArchShow_Nb201String_PrintsBenchmarkIndex()
    {
        var (exit, output, _) = CliRunner.Run("arch", "show", "NB201_BEST");
        Assert.Equal(0, exit);
        Assert.Contains("6111", output);
    }

    [Fact]
    public void ArchShow_UnknownOpInGenotype_FailsWithPositionAndChoices()
    {
        var (exit, _, error) = CliRunner.Run("arch", "show", "|nor_conv_9x9~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        Assert.NotEqual(0, exit);
        Assert.Contains("nor_conv_9x9", error);
        Assert.Contains("nor_conv_3x3", error);
    }

    [Fact]
    public void Draw_SvgOut_WritesWellFormedSvgWithLabels()
    {
        var path = Path.Combine(_dir, "cell.svg");
        var (exit, _, _) = CliRunner.Run("draw", "DARTS_V2", "--out", path);
        Assert.Equal(0, exit);
        var svg = XDocument.Load(path);
        Assert.Contains(svg.Descendants(), e => e.Name.LocalName == "text" && e.Value == "sep_conv_3x3");
    }

    [Fact]
    public void Draw_DotFormat_PrintsGraphviz()
    {
        var (exit, output, _) = CliRunner.Run("draw", "NB201_BEST", "--format", "dot");
        Assert.Equal(0, exit);
        Assert.StartsWith("digraph", output.TrimStart());
    }

    [Fact]
    public void Train_UnknownOption_FailsWithMessage()
    {
        var (exit, _, error) = CliRunner.Run("train", "--arch", "DARTS_V2", "--epochz", "3");
        Assert.NotEqual(0, exit);
        Assert.Contains("--epochz", error);
    }

    [Fact]
    public void Train_NegativeCropPadding_FailsNamingOption()
    {
        var (exit, _, error) = CliRunner.Run("train", "--arch", "DARTS_V2", "--crop-padding", "-1", "--out", Path.Combine(_dir, "m"));
        Assert.Equal(1, exit);
        Assert.Contains("CropPadding (--crop-padding) must be 0 (off) or more, got -1", error);
    }

    [Fact]
    public void Train_DartsPresetWithExplicitOptions_ExplicitWinAndPresetFillsTheRest()
    {
        var model = Path.Combine(_dir, "darts");
        var (exit, output, error) = CliRunner.Run("train", "--arch", "DARTS_V2", "--preset", "darts", "--channels", "4", "--layers", "3",
            "--epochs", "1", "--train-limit", "64", "--batch-size", "32", "--flip", "false", "--out", model);
        Assert.True(exit == 0, error);
        Assert.Contains("preset darts, C=4, layers=3, 1 epochs", output);
        var config = ModelFolder.ReadConfig(model);
        var t = config.Training;
        Assert.Equal((4, 3, true), (config.Channels, config.Layers, config.Auxiliary));
        Assert.Equal((1, 32, 0.025, 16, 4, false, 0.2), (t.Epochs, t.BatchSize, t.LearningRate, t.Cutout, t.CropPadding, t.HorizontalFlip, t.DropPath));
    }

    [Fact]
    public void Train_UnknownPreset_FailsListingPresets()
    {
        var (exit, _, error) = CliRunner.Run("train", "--arch", "DARTS_V2", "--preset", "fast", "--out", Path.Combine(_dir, "m"));
        Assert.Equal(1, exit);
        Assert.Contains("valid presets: quick, darts", error);
    }

    [Fact]
    public void Train_DeviceCudaOnCpuBuild_FailsWithTheGpuHintBeforeWriting()
    {
        if (TorchSharp.torch.cuda.is_available()) return;
        var model = Path.Combine(_dir, "cuda");
        var (exit, _, error) = CliRunner.Run("train", "--arch", "DARTS_V2", "--device", "cuda", "--out", model);
        Assert.Equal(1, exit);
        Assert.Contains("--device cuda: CUDA is not available (this NasSharp build uses the CPU libtorch package `libtorch-cpu-linux-x64`", error);
        Assert.False(File.Exists(Path.Combine(model, ModelFolder.ConfigFile)));
    }

    [Fact]
    public void Search_UnknownDevice_FailsListingDevicesBeforeCreatingTheExperiment()
    {
        var folder = Path.Combine(_dir, "tpu");
        var (exit, _, error) = CliRunner.Run("search", "--device", "tpu", "--out", folder);
        Assert.Equal(1, exit);
        Assert.Contains("Valid devices: cpu, cuda, cuda:N, auto.", error);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Search_ZeroEpochs_FailsNamingOptionBeforeCreatingTheExperiment()
    {
        var folder = Path.Combine(_dir, "search0");
        var (exit, _, error) = CliRunner.Run("search", "--epochs", "0", "--out", folder);
        Assert.Equal(1, exit);
        Assert.Contains("Epochs (--epochs) must be at least 1, got 0", error);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void SearchEnas_PresetWithExplicitOptions_EpochsBecomeRetrainLengthAndExplicitValuesWin()
    {
        var folder = Path.Combine(_dir, "enas");
        var (exit, output, error) = CliRunner.Run("search", "--strategy", "enas", "--space", "enas-macro", "--preset", "cpu-small",
            "--search-epochs", "1", "--epochs", "1", "--train-limit", "128", "--channels", "4", "--flip", "true", "--plain", "--out", folder);
        Assert.True(exit == 0, error);
        var config = JsonSerializer.Deserialize<NasSharp.Experiments.ExperimentConfig>(
            File.ReadAllText(Path.Combine(folder, "config.json")), ModelFolder.Json)!;
        var preset = NasSharp.Strategies.Enas.EnasPresets.Budget("enas-macro", "cpu-small");
        // Explicit: channels, epochs, flip (cpu-small: off), train limit. From the preset: layers, batch size, lr, crop.
        Assert.False(preset.HorizontalFlip);
        Assert.Equal((4, 1, true, 128), (config.Budget.Channels, config.Budget.Epochs, config.Budget.HorizontalFlip, config.Budget.TrainLimit));
        Assert.Equal((preset.Layers, preset.BatchSize, preset.LearningRate, preset.CropPadding),
            (config.Budget.Layers, config.Budget.BatchSize, config.Budget.LearningRate, config.Budget.CropPadding));
        Assert.Equal((1, 1), (EnasOptionsOf(config).Epochs, EnasOptionsOf(config).RetrainEpochs));
        Assert.Contains("retraining derive-", output);
        Assert.Contains("best: retrain", output);
    }

    [Fact]
    public void SearchEnas_ZeroEpochs_SkipsRetrainAndKeepsAValidBudget()
    {
        var folder = Path.Combine(_dir, "enas0");
        var (exit, output, error) = CliRunner.Run("search", "--strategy", "enas", "--space", "enas-macro", "--preset", "cpu-small",
            "--search-epochs", "1", "--epochs", "0", "--train-limit", "128", "--channels", "4", "--plain", "--out", folder);
        Assert.True(exit == 0, error);
        var config = JsonSerializer.Deserialize<NasSharp.Experiments.ExperimentConfig>(File.ReadAllText(Path.Combine(folder, "config.json")), ModelFolder.Json)!;
        Assert.Equal(0, EnasOptionsOf(config).RetrainEpochs);
        Assert.Equal(NasSharp.Strategies.Enas.EnasPresets.Budget("enas-macro", "cpu-small").Epochs, config.Budget.Epochs);
        Assert.DoesNotContain("retraining", output);
    }

    [Fact]
    public void Train_MissingDataFolder_FailsNamingIt()
    {
        var missing = Path.Combine(_dir, "no-such-data");
        var (exit, _, error) = CliRunner.Run("train", "--arch", "NB201_RESNET", "--data", missing, "--out", Path.Combine(_dir, "m"));
        Assert.Equal(1, exit);
        Assert.Contains("no-such-data", error);
    }

    [Fact]
    public void TrainThenEval_TinyRun_WritesModelFolderAndEvalReproducesAccuracy()
    {
        var model = Path.Combine(_dir, "model");
        var (exit, output, error) = CliRunner.Run("train", "--arch", "NB201_RESNET", "--channels", "4", "--layers", "1",
            "--epochs", "1", "--train-limit", "1024", "--batch-size", "32", "--lr", "0.05", "--log-every", "8", "--crop-padding", "2", "--flip", "true", "--out", model);
        Assert.True(exit == 0, error);
        var training = ModelFolder.ReadConfig(model).Training;
        Assert.Equal((2, true, 0.05), (training.CropPadding, training.HorizontalFlip, training.LearningRate));
        Assert.Contains("[train] epoch 1/1 step 8/32", output);
        foreach (var f in new[] { ModelFolder.ConfigFile, ModelFolder.ArchitectureFile, ModelFolder.WeightsFile, ModelFolder.MetricsFile, ModelFolder.ResultFile, ModelFolder.CheckpointFile })
            Assert.True(File.Exists(Path.Combine(model, f)), $"{f} missing");
        Assert.Equal(PublishedArchitectures.Get("NB201_RESNET"), ArchitectureJson.Deserialize(File.ReadAllText(Path.Combine(model, ModelFolder.ArchitectureFile))));
        Assert.Single(File.ReadAllLines(Path.Combine(model, ModelFolder.MetricsFile)));
        var result = JsonSerializer.Deserialize<TrainJobResult>(File.ReadAllText(Path.Combine(model, ModelFolder.ResultFile)), ModelFolder.Json)!;

        var (evalExit, evalOut, evalErr) = CliRunner.Run("eval", "--model", model);
        Assert.True(evalExit == 0, evalErr);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"test accuracy {100 * result.TestAccuracy:F2}%"), evalOut);
    }

    private static NasSharp.Strategies.Enas.EnasOptions EnasOptionsOf(NasSharp.Experiments.ExperimentConfig config) =>
        new NasSharp.Strategies.Enas.EnasDefinition().Options(config);

    [Fact]
    public void SearchHelp_WithStrategy_ListsThatStrategysOwnOptionsAndPresets()
    {
        var (exit, enasHelp, _) = CliRunner.Run("search", "--strategy", "enas", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("--search-epochs", enasHelp);
        Assert.Contains("--controller-steps", enasHelp);
        Assert.Contains("cpu-small = ", enasHelp);
        Assert.Contains("ENAS: epochs of the retraining", enasHelp);
        var (_, randomHelp, _) = CliRunner.Run("search", "--strategy=random", "--help");
        Assert.DoesNotContain("--search-epochs", randomHelp);
        Assert.Contains("--trials", randomHelp);
    }

    [Fact]
    public void Strategies_ListsEveryRegisteredStrategyWithSpacesAndPresets()
    {
        var (exit, output, error) = CliRunner.Run("strategies");
        Assert.True(exit == 0, error);
        foreach (var d in NasSharp.Strategies.StrategyRegistry.All)
        {
            Assert.Contains($"{d.Name}: {d.Summary}", output);
            Assert.Contains(string.Join(", ", d.Spaces), output);
        }
        Assert.Contains("paper, cpu-small", output);
    }

    [Fact]
    public void SearchEnas_StrategyOptionWithWrongType_FailsNamingTheOption()
    {
        var folder = Path.Combine(_dir, "bad-option");
        var (exit, _, error) = CliRunner.Run("search", "--strategy", "enas", "--space", "enas-micro", "--controller-steps", "many", "--out", folder);
        Assert.Equal(1, exit);
        Assert.Contains("--controller-steps: expected an integer, got 'many'", error);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void SearchRandom_RecurrentSpace_RefusedUpFrontNamingTheSpacesWithNetworks()
    {
        var folder = Path.Combine(_dir, "rnn");
        var (exit, _, error) = CliRunner.Run("search", "--strategy", "random", "--space", "enas-rnn", "--trials", "2", "--out", folder);
        Assert.Equal(1, exit);
        Assert.Contains("searches the spaces darts, nb201, enas-micro, enas-macro, petridish, not 'enas-rnn'", error);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void SearchRandom_EveryTrialDiverges_ExitsZeroWithASummaryOfTheFailures()
    {
        var folder = Path.Combine(_dir, "all-fail");
        var (exit, output, error) = CliRunner.Run("search", "--strategy", "random", "--space", "nb201", "--trials", "2", "--lr", "1e30",
            "--train-limit", "128", "--channels", "4", "--layers", "1", "--plain", "--out", folder);
        Assert.True(exit == 0, error);
        Assert.Contains("finished: 2 trials (2 failed)", output);
        Assert.Contains("no trial succeeded: every one of the 2 failed; the first (sample-0) with: NonFiniteLossException", output);
    }
}
