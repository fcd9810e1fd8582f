namespace NasSharp.Tests.Cli;

using System.Text.Json;
using NasSharp.Training;

public sealed class BinaryTrainCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nassharp-cli-binary-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Train_Binary_WritesTheThreeAccuraciesAndCostsToResultJsonAndPrintsThem()
    {
        var model = Path.Combine(_dir, "bin");
        var (exit, output, error) = CliRunner.Run("train", "--arch", "DARTS_V2", "--binary", "--binary-groups", "4", "--channels", "8", "--layers", "2",
            "--epochs", "1", "--train-limit", "128", "--batch-size", "64", "--out", model);
        Assert.True(exit == 0, error);
        Assert.Contains("stage 1 (binary activations, real weights) test accuracy", output);
        Assert.Contains("stage 2 before fine-tuning", output);
        Assert.Contains("BOPs", output);
        var config = ModelFolder.ReadConfig(model);
        Assert.Equal((true, 4, 1, "adam", 1e-3), (config.Binary, config.BinaryGroups, config.Stage2Epochs, config.Training.Optimizer, config.Training.LearningRate));
        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, ModelFolder.ResultFile)));
        var root = result.RootElement;
        foreach (var key in new[] { "test_accuracy", "stage1_test_accuracy", "stage2_before_finetune_test_accuracy", "flops", "bops", "combined_flops" })
            Assert.True(root.TryGetProperty(key, out _), $"result.json has no {key}");
        Assert.Equal(2, root.GetProperty("epochs").GetInt32());
        Assert.True(root.GetProperty("bops").GetInt64() > 0);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(model, ModelFolder.MetricsFile)).Length); // one line per epoch of each stage

        // `nas eval` reloads the fully binary model and reproduces its test accuracy.
        var evaluated = TrainJob.Evaluate(model);
        Assert.Equal(root.GetProperty("test_accuracy").GetDouble(), evaluated.Accuracy, 6);

        // The same command again resumes: nothing is retrained, the same numbers come back.
        var (again, output2, error2) = CliRunner.Run("train", "--arch", "DARTS_V2", "--binary", "--binary-groups", "4", "--channels", "8", "--layers", "2",
            "--epochs", "1", "--train-limit", "128", "--batch-size", "64", "--out", model);
        Assert.True(again == 0, error2);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(model, ModelFolder.MetricsFile)).Length);
        using var result2 = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, ModelFolder.ResultFile)));
        foreach (var key in new[] { "test_accuracy", "stage1_test_accuracy", "stage2_before_finetune_test_accuracy" })
            Assert.Equal(root.GetProperty(key).GetDouble(), result2.RootElement.GetProperty(key).GetDouble(), 6);
    }

    [Fact]
    public void ReadConfig_ConfigWrittenBeforeTheBinaryOptions_ReadsAsARealSgdRun()
    {
        var model = Path.Combine(_dir, "old");
        Directory.CreateDirectory(model);
        var node = JsonSerializer.SerializeToNode(new TrainJobConfig("DARTS_V2", "default", null, 16, 5, false, new TrainingOptions()), ModelFolder.Json)!.AsObject();
        foreach (var key in new[] { "binary", "binary_groups", "stage2_epochs" }) Assert.True(node.Remove(key), key);
        Assert.True(node["training"]!.AsObject().Remove("optimizer"));
        File.WriteAllText(Path.Combine(model, ModelFolder.ConfigFile), node.ToJsonString());
        var config = ModelFolder.ReadConfig(model);
        Assert.Equal((false, 12, 0, "sgd"), (config.Binary, config.BinaryGroups, config.Stage2Epochs, config.Training.Optimizer));
    }

    [Fact]
    public void Train_RealRun_ResultJsonHasNoBinaryFields()
    {
        var model = Path.Combine(_dir, "real");
        var (exit, output, error) = CliRunner.Run("train", "--arch", "NB201_RESNET", "--channels", "4", "--layers", "1", "--epochs", "1",
            "--train-limit", "64", "--batch-size", "32", "--out", model);
        Assert.True(exit == 0, error);
        Assert.DoesNotContain("stage 1", output);
        var text = File.ReadAllText(Path.Combine(model, ModelFolder.ResultFile));
        Assert.DoesNotContain("stage1", text);
        Assert.DoesNotContain("bops", text);
        Assert.Equal("sgd", ModelFolder.ReadConfig(model).Training.Optimizer);
    }

    [Fact]
    public void Train_BinaryWithoutChannels_TakesTheValidChannelsNearestThePresets()
    {
        var model = Path.Combine(_dir, "default-c");
        // --epochs 0 is refused after the configuration is resolved, so nothing trains: the printed line shows the choice.
        var (exit, output, error) = CliRunner.Run("train", "--arch", "DARTS_V2", "--binary", "--epochs", "0", "--out", model);
        Assert.Equal(1, exit);
        Assert.Contains("C=12", output);
        Assert.Contains("Epochs (--epochs) must be at least 1", error);
    }

    [Fact]
    public void Train_BinaryWithIndivisibleChannels_FailsNamingTheOptionBeforeWriting()
    {
        var model = Path.Combine(_dir, "bad");
        var (exit, _, error) = CliRunner.Run("train", "--arch", "DARTS_V2", "--binary", "--channels", "16", "--out", model);
        Assert.Equal(1, exit);
        Assert.Contains("--binary-groups", error);
        Assert.False(File.Exists(Path.Combine(model, ModelFolder.ConfigFile)));
    }

    [Fact]
    public void Train_BinaryNb201Cell_FailsSayingDartsFormatCellsOnly()
    {
        var (exit, _, error) = CliRunner.Run("train", "--arch", "NB201_RESNET", "--binary", "--channels", "12", "--layers", "1",
            "--epochs", "1", "--train-limit", "64", "--out", Path.Combine(_dir, "nb"));
        Assert.Equal(1, exit);
        Assert.Contains("DARTS-format cells only", error);
    }
}
