namespace NasSharp.Tests.Training;

using NasSharp.Training;
using static TorchSharp.torch;

public sealed class FusedCrossEntropyTests
{
    // The loss runs libtorch's own log_softmax + nll_loss; the gradient is log_softmax_backward's arithmetic done in the
    // log-probabilities' memory: it must match autograd's cross_entropy to float rounding, for logits that reach the
    // loss through a view (as a language model's [batch, time, vocabulary] logits do) and a loss scaled after it.
    [Theory]
    [InlineData(64, 10, 1.0)]
    [InlineData(448, 1000, 1.0)]
    [InlineData(35, 7, 0.25)]
    public void Mean_AnyShape_LossBitIdenticalAndGradientMatchesCrossEntropy(int rows, int classes, double scale)
    {
        manual_seed(31);
        using var scope = NewDisposeScope();
        var w0 = randn(rows, classes).mul(3);
        var targets = randint(0, classes, [rows]);

        var w = w0.detach().requires_grad_(true);
        var loss = FusedCrossEntropy.Mean(w.reshape(rows, classes), targets);
        loss.mul(scale).backward();
        var wr = w0.detach().requires_grad_(true);
        var lossRef = nn.functional.cross_entropy(wr.reshape(rows, classes), targets);
        lossRef.mul(scale).backward();

        Assert.Equal(lossRef.item<float>(), loss.item<float>());
        var difference = (w.grad! - wr.grad!).abs().max().item<float>();
        var largest = wr.grad!.abs().max().item<float>();
        Assert.True(difference <= 1e-6 * largest, $"gradient off by {difference:E2} (largest {largest:E2})");
        Assert.Equal(0.0, w.grad!.sum(1).abs().max().item<float>(), 5); // a softmax minus a one-hot sums to 0 a row
    }

    // Autograd's route makes nll_loss's dense gradient and log_softmax's, each as large as the logits, while the saved
    // log-probabilities are still alive; this one writes the gradient into the log-probabilities.
    [Fact]
    public void Backward_LargeVocabulary_MakesNoTensorAsLargeAsTheLogits()
    {
        if (!OperatingSystem.IsLinux()) return; // glibc's mallinfo2 measures the native heap
        manual_seed(32);
        using var scope = NewDisposeScope();
        var logits = randn(2048, 4096).requires_grad_(true); // 33.5 MB
        var targets = randint(0, 4096, [2048]);
        var loss = FusedCrossEntropy.Mean(logits, targets);
        var before = NasSharp.Runtime.NativeHeap.LiveBytes;
        var peak = before;
        var done = false;
        var sampler = new Thread(() =>
        {
            while (!Volatile.Read(ref done)) peak = Math.Max(peak, NasSharp.Runtime.NativeHeap.LiveBytes);
        });
        sampler.Start();
        loss.backward();
        Volatile.Write(ref done, true);
        sampler.Join();
        var size = logits.numel() * 4;
        // The leaf's .grad is one logits-sized tensor that stays (the gradient itself, handed over, or a copy of it).
        Assert.True(peak - before < 1.6 * size, $"the backward raised live memory by {(peak - before) / 1e6:F1} MB over {before / 1e6:F1}; the logits are {size / 1e6:F1} MB (autograd's route: about twice that)");
    }
}
