namespace NasSharp.Tests.Training;

using NasSharp.Data.Text;
using NasSharp.Networks;
using NasSharp.SearchSpaces;
using NasSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

public class LanguageModelTests
{
    [Fact]
    public void Evaluate_HandMadeSequence_IsExpOfMeanTokenCrossEntropy()
    {
        manual_seed(6);
        using var net = new RecurrentCellNetwork(EnasFixedArc.ParseRecurrentLm("0 0 1 2"), 5, 4, LanguageModelDropout.None, initRange: 0.8);
        long[] seq = [0, 3, 1, 4, 4, 2, 0, 1, 3, 2, 2];
        // By hand: one pass over the whole sequence, mean of −log softmax(logits)[next token].
        net.eval();
        using var x = tensor(seq[..^1]).view(1, -1);
        var logits = net.Forward(x, net.InitialState(1)).Logits[0];
        var logp = nn.functional.log_softmax(logits, 1).detach().data<float>().ToArray();
        var nll = Enumerable.Range(0, seq.Length - 1).Average(t => -logp[t * 5 + (int)seq[t + 1]]);
        // Windows of 3 with the state carried must give the same number.
        var (ppl, loss) = Perplexity.Evaluate(net, seq, batch: 1, bptt: 3);
        Assert.Equal(nll, loss, 5);
        Assert.Equal(Math.Exp(nll), ppl, 4);
    }

    [Fact]
    public void TrainEpoch_CarriesTheStateDetachedAcrossWindowsAndLowersPerplexity()
    {
        manual_seed(7);
        // A repeating text a model can learn; many short windows: without detaching, the second backward would
        // run into the first window's freed graph and throw.
        var tokens = Enumerable.Range(0, 2000).Select(i => (long)(i % 7)).ToArray();
        using var net = new RecurrentCellNetwork(EnasFixedArc.ParseRecurrentLm("0 0 1 0"), 7, 8, LanguageModelDropout.None);
        // lr 5: enas_lm's 20 sat at the edge of divergence for this 8-unit model (MKL's AVX-512 kernels' rounding took it
        // from perplexity 7.0 to 105; 5 and 10 learn on both MKL kernel sets).
        const double lr = 5;
        using var opt = optim.SGD(net.parameters(), lr);
        using var stream = new TokenStream(tokens, 4);
        var o = new LanguageModelOptions { Hidden = 8, Bptt = 5, LearningRate = lr, GradientClip = 0.25, ActivationL2 = 0, LogEvery = 0 };
        var before = Perplexity.Evaluate(net, tokens[..200], 1, 5).Perplexity;
        var (_, steps) = LanguageModelTrainer.TrainEpoch(net, opt, stream, o, new Random(1), null, null, "t", 1);
        var after = Perplexity.Evaluate(net, tokens[..200], 1, 5).Perplexity;
        Assert.True(steps > 50);
        Assert.True(after < before / 2, $"perplexity {before:F2} -> {after:F2}");
    }

    [Fact]
    public void WindowLoss_AfterTheLoss_HoldsNeitherTheLogitsNorTheTimeStepTemporaries()
    {
        // PyTorch frees the logits and each time step's temporaries when their Python references go; autograd keeps
        // what the backward needs on its own. A dispose scope would hold them through the backward instead (the logits
        // alone are 179 MB at enas_lm's sizes), so WindowLoss and the cell's forward dispose them as they go.
        manual_seed(8);
        const int batch = 3, steps = 6, vocabulary = 11;
        using var net = new RecurrentCellNetwork(EnasFixedArc.ParseRecurrentLm("0 0 1 1 1 2 2 0"), vocabulary, 8, LanguageModelDropout.EnasSearch);
        net.train();
        var o = new LanguageModelOptions { Hidden = 8, Bptt = steps, ActivationL2 = 2, Slowness = 1, WeightDecay = 1e-4, LogEvery = 0 };
        using var scope = NewDisposeScope();
        var x = randint(0, vocabulary, [batch, steps]);
        var y = randint(0, vocabulary, [batch, steps]);
        var before = scope.DisposablesCount;
        var (loss, ce, state) = LanguageModelTrainer.WindowLoss(net, x, y, net.InitialState(batch), o, net.RegularisedWeights());
        var live = scope.DisposablesView.OfType<Tensor>().Where(t => !t.IsInvalid).ToList();
        Assert.DoesNotContain(live, t => t.shape.Contains(vocabulary) && t.numel() >= batch * steps * vocabulary);
        // Per time step its output and nothing else of the 4 nodes' (was ~40 tensors a step).
        Assert.True(scope.DisposablesCount - before < 3 * steps + 40, $"{scope.DisposablesCount - before} tensors held after the loss");
        // The graph is whole: the backward reaches every weight the cell uses, and the loss is the cross-entropy plus
        // the regularisers.
        loss.backward();
        Assert.True(net.Embedding.grad is { } g && g.abs().sum().item<float>() > 0);
        Assert.True(loss.item<float>() > ce);
        Assert.Equal([batch, 8L], state.shape);
    }

    [Fact]
    public void WeightAverage_IsTheMeanOfTheWeightsSinceStart()
    {
        using var lin = nn.Linear(2, 1, hasBias: false);
        using var avg = new WeightAverage(lin);
        using (no_grad()) lin.weight!.copy_(tensor(new float[] { 1, 1 }).view(1, 2));
        avg.Update(); // not started: no effect
        avg.Start();  // as enas_lm: the steps after this are averaged, the weights at Start are not
        Assert.Equal([1f, 1f], avg.WithAverage(() => lin.weight!.data<float>().ToArray()));
        using (no_grad()) lin.weight!.copy_(tensor(new float[] { 3, 5 }).view(1, 2));
        avg.Update();
        using (no_grad()) lin.weight!.copy_(tensor(new float[] { 5, 0 }).view(1, 2));
        avg.Update();
        var seen = avg.WithAverage(() => lin.weight!.data<float>().ToArray());
        Assert.Equal([4f, 2.5f], seen);
        Assert.Equal([5f, 0f], lin.weight!.data<float>().ToArray());
    }

    [Fact]
    public void Run_StoppedAfterAnEpochAndRerun_EqualsAnUninterruptedRun()
    {
        var o = new LanguageModelOptions { Hidden = 12, Epochs = 2, BatchSize = 32, LogEvery = 0, AverageThreshold = 0 };
        var root = Directory.CreateTempSubdirectory("nas-lm-").FullName;
        var config = new LanguageModelJobConfig("DARTS_RNN_V2", "ptb-small", null, o);
        var straight = LanguageModelJob.Run(config, Path.Combine(root, "a"));
        using var cts = new CancellationTokenSource();
        var b = Path.Combine(root, "b");
        Assert.ThrowsAny<OperationCanceledException>(() => LanguageModelJob.Run(config, b, line =>
        {
            if (line.StartsWith("epoch 1/2", StringComparison.Ordinal)) cts.Cancel();
        }, cts.Token));
        Assert.Equal(1, Checkpoint.ReadEpochsDone(Path.Combine(b, ModelFolder.CheckpointFile)));
        var resumed = LanguageModelJob.Run(config, b);
        Assert.Equal(straight.ValidHistory, resumed.ValidHistory);
        Assert.Equal(straight.TestPerplexity, resumed.TestPerplexity);
        // AverageThreshold 0: averaging starts after any epoch worse than the best before it; either way both runs agree.
        Assert.Equal(straight.AveragingStartedAfterEpoch, resumed.AveragingStartedAfterEpoch);
        Assert.True(straight.TestPerplexity < 6645, "better than uniform over the vocabulary");
        var other = config with { Options = o with { Hidden = 13 } };
        var ex = Assert.Throws<InvalidOperationException>(() => LanguageModelJob.Run(other, b));
        Assert.Contains("holds another run", ex.Message);
    }
}
