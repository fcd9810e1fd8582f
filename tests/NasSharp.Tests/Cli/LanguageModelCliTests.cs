namespace NasSharp.Tests.Cli;

public class LanguageModelCliTests
{
    [Fact]
    public void Train_LstmOnTheBuiltInCorpus_PrintsTestPerplexityAndWritesTheFolder()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("nas-cli-lm-").FullName, "m");
        var (exit, output, error) = CliRunner.Run("train", "--arch", "lstm", "--epochs", "1", "--hidden", "16", "--batch-size", "32",
            "--dropout", "0,0,0,0,0", "--out", folder);
        Assert.True(exit == 0, error);
        Assert.Contains("language model lstm on ptb-small", output);
        Assert.Matches(@"test perplexity \d+\.\d\d \(valid \d+\.\d\d\), params 0\.\d{3} M", output);
        foreach (var f in new[] { "config.json", "metrics.jsonl", "checkpoint.bin", "model.bin", "result.json" })
            Assert.True(File.Exists(Path.Combine(folder, f)), f);
    }

    [Fact]
    public void Train_RecurrentCellOnAMissingCorpus_NamesTheFolder()
    {
        var (exit, _, error) = CliRunner.Run("train", "--arch", "DARTS_RNN_V2", "--data", "/no/such/ptb", "--out", Path.Combine(Path.GetTempPath(), "nas-cli-lm-x"));
        Assert.NotEqual(0, exit);
        Assert.Contains("/no/such/ptb: corpus folder not found", error);
    }

    [Fact]
    public void Train_BadDropout_IsRefused()
    {
        var (exit, _, error) = CliRunner.Run("train", "--arch", "ENAS_LM", "--dropout", "0.1,0.2", "--out", Path.Combine(Path.GetTempPath(), "nas-cli-lm-y"));
        Assert.NotEqual(0, exit);
        Assert.Contains("--dropout: expected 5 or 6 comma-separated rates", error);
    }

    [Fact]
    public void ArchShow_EnasLm_PrintsTheDartsAndEnasLmForms()
    {
        var (exit, output, _) = CliRunner.Run("arch", "show", "ENAS_LM");
        Assert.Equal(0, exit);
        Assert.Contains("Genotype(recurrent=[('sigmoid', 0), ('tanh', 1), ('relu', 2), ('sigmoid', 2), ('tanh', 4), ('tanh', 5), ('sigmoid', 3), ('sigmoid', 6)], concat=range(1, 9))", output);
        Assert.Contains("0 2 1 0 2 1 2 2 4 0 5 0 3 2 6 2", output);
    }

    [Fact]
    public void Search_EnasRnn_RunsATinySearchAndWritesTheBestCell()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("nas-cli-rnn-").FullName, "s");
        var (exit, output, error) = CliRunner.Run("search", "--strategy", "enas", "--space", "enas-rnn", "--search-epochs", "1", "--steps-per-epoch", "2",
            "--controller-steps", "1", "--controller-aggregate", "2", "--derive-samples", "2", "--retrain", "0", "--out", folder);
        Assert.True(exit == 0, error);
        Assert.Contains("epoch 1/1: shared ppl", output);
        Assert.Contains("enas_lm fixed_arc: ", output);
        var best = File.ReadAllText(Path.Combine(folder, "genotypes", "best.txt"));
        Assert.StartsWith("Genotype(recurrent=[", best);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(folder, "derive.jsonl")).Length);
    }
}
