namespace NasSharp.Tests.Strategies;

using NasSharp.Networks;
using NasSharp.SearchSpaces;
using NasSharp.Strategies.Enas;
using NasSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

public sealed class EnasRecurrentTests
{
    private static readonly RecurrentSearchSpace Space = new(5, ActivationNames.EnasLm);

    private static double LogSoftmax(double[] logits, int i)
    {
        var max = logits.Max();
        return logits[i] - max - Math.Log(logits.Sum(l => Math.Exp(l - max)));
    }

    [Fact]
    public void Score_ZeroWeights_MatchesHandComputationWithTheDistancePenalty()
    {
        // With every weight zero the LSTM state stays zero: attention logits are c·tanh(0) = 0 minus (i − j)²/6, and
        // activation logits are 0 (uniform over the 4 activations).
        using var controller = new EnasRecurrentController(Space);
        using (no_grad()) foreach (var p in controller.parameters()) p.zero_();
        var cell = EnasFixedArc.ParseRecurrentLm("0 1 0 2 1 3 3 0");
        using var scored = controller.Score(cell);
        double expected = 0, entropy = 0;
        for (var i = 1; i <= 4; i++)
        {
            var logits = Enumerable.Range(0, i).Select(j => -(i - j) * (i - j) / 6.0).ToArray();
            expected += LogSoftmax(logits, cell.Nodes[i].Input) + Math.Log(0.25);
            entropy += -Enumerable.Range(0, i).Sum(j => Math.Exp(LogSoftmax(logits, j)) * LogSoftmax(logits, j)) + Math.Log(4);
        }
        Assert.Equal(expected, scored.LogProbability.item<float>(), 5);
        Assert.Equal(entropy, scored.Entropy, 5);
        Assert.Equal([0, 1, 0, 2, 1, 3, 3, 0], controller.Encode(cell));
    }

    [Fact]
    public void Sample_ThenScore_GivesTheSameLogProbabilityAndAnEnasLmArc()
    {
        manual_seed(8);
        using var controller = new EnasRecurrentController(Space);
        using var sample = controller.Sample(new Random(4));
        var cell = (RecurrentGenotype)sample.Architecture;
        Space.Validate(cell);
        Assert.Equal(sample.Decisions, controller.Encode(cell));
        Assert.Equal(cell, EnasFixedArc.ParseRecurrentLm(EnasFixedArc.FormatRecurrentLm(cell)!));
        using var scored = controller.Score(cell);
        Assert.Equal(sample.LogProbability.item<float>(), scored.LogProbability.item<float>(), 5);
    }

    [Fact]
    public void Reinforce_RewardingRelu_RaisesItsProbability()
    {
        manual_seed(9);
        using var controller = new EnasRecurrentController(Space);
        using var adam = optim.Adam(controller.parameters(), 0.02);
        var random = new Random(1);
        double ReluShare(int n)
        {
            var count = 0;
            for (var k = 0; k < n; k++)
            {
                using var s = controller.Sample(random);
                count += ((RecurrentGenotype)s.Architecture).Nodes.Skip(1).Count(x => x.Activation == ActivationNames.Relu);
            }
            return count / (4.0 * n);
        }
        var before = ReluShare(100);
        double baseline = 0;
        for (var step = 0; step < 150; step++)
        {
            using var scope = NewDisposeScope();
            using var s = controller.Sample(random);
            var reward = ((RecurrentGenotype)s.Architecture).Nodes.Skip(1).Count(x => x.Activation == ActivationNames.Relu) / 4.0;
            baseline -= 0.05 * (baseline - reward);
            adam.zero_grad();
            (-s.LogProbability * (reward - baseline)).backward();
            adam.step();
        }
        var after = ReluShare(100);
        Assert.InRange(before, 0.1, 0.4);
        Assert.True(after > before + 0.25, $"relu share {before:F2} -> {after:F2}");
    }

    private static EnasRecurrentOptions Tiny => new()
    {
        Nodes = 3, Epochs = 2, StepsPerEpoch = 4, ControllerSteps = 2, ControllerAggregate = 2, DeriveSamples = 2, DeriveWindows = 2,
        Shared = EnasRecurrentOptions.CpuSmall.Shared with { Hidden = 8, BatchSize = 32, LogEvery = 0 },
        Retrain = LanguageModelOptions.Cpu with { Epochs = 0 },
    };

    [Fact]
    public void Run_StoppedAfterAnEpochAndResumed_EqualsAnUninterruptedRun()
    {
        var root = Directory.CreateTempSubdirectory("nas-enas-rnn-").FullName;
        var a = Path.Combine(root, "a");
        var b = Path.Combine(root, "b");
        var straight = EnasRecurrentSearch.Run(Tiny, "ptb-small", null, a)!;
        Assert.Null(EnasRecurrentSearch.Run(Tiny, "ptb-small", null, b, stopAfterEpoch: 1));
        var lines = new List<string>();
        var resumed = EnasRecurrentSearch.Run(Tiny, "ptb-small", null, b, lines.Add)!;
        Assert.Contains(lines, l => l.StartsWith("resuming", StringComparison.Ordinal));
        Assert.Equal(straight.Best, resumed.Best);
        Assert.Equal(straight.BestDerivePerplexity, resumed.BestDerivePerplexity);
        Assert.Equal(straight.Epochs.Select(e => e with { Seconds = 0 }), resumed.Epochs.Select(e => e with { Seconds = 0 }));
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, ModelFolder.CheckpointFile)), File.ReadAllBytes(Path.Combine(b, ModelFolder.CheckpointFile)));
        Assert.True(File.Exists(Path.Combine(a, "genotypes", "best.svg")));
        Assert.True(File.Exists(Path.Combine(a, "plots", "reward.png")));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(b, ModelFolder.MetricsFile)).Length);
    }

    [Fact]
    public void Run_OtherSettingsOnTheSameFolder_IsRefused()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("nas-enas-rnn-").FullName, "x");
        Assert.Null(EnasRecurrentSearch.Run(Tiny, "ptb-small", null, folder, stopAfterEpoch: 0));
        var ex = Assert.Throws<InvalidOperationException>(() => EnasRecurrentSearch.Run(Tiny with { Nodes = 4 }, "ptb-small", null, folder));
        Assert.Contains("holds another search", ex.Message);
    }
}
