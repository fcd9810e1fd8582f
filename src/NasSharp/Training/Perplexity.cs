namespace NasSharp.Training;

using NasSharp.Data.Text;
using NasSharp.Networks;
using NasSharp.Runtime;
using static TorchSharp.torch;

/// <summary>Perplexity of a language model on a token sequence: <c>exp</c> of the mean next-token cross-entropy over
/// every predicted token, the hidden state carried across windows (no dropout, no gradients).</summary>
public static class Perplexity
{
    /// <summary>Evaluates <paramref name="model"/> on <paramref name="tokens"/> laid out in <paramref name="batch"/> rows
    /// and read in windows of <paramref name="bptt"/> (only the first <paramref name="maxWindows"/> when it is positive).
    /// Restores the model's training mode afterwards.</summary>
    /// <returns>The perplexity and the mean cross-entropy (nats per token).</returns>
    public static (double Perplexity, double Loss) Evaluate(LanguageModel model, long[] tokens, int batch, int bptt, int maxWindows = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var stream = new TokenStream(tokens, batch, model.Embedding.device);
            var state = model.InitialState(batch).DetachFromDisposeScope();
            double sum = 0;
            long count = 0;
            foreach (var window in maxWindows > 0 ? stream.Windows(bptt).Take(maxWindows) : stream.Windows(bptt))
            {
                using var scope = StepScope.Begin();
                var (x, y) = stream.Slice(window);
                var output = model.Forward(x, state);
                using var loss = nn.functional.cross_entropy(output.Logits.reshape(-1, model.VocabularySize), y.reshape(-1), reduction: nn.Reduction.Sum);
                sum += loss.item<float>();
                count += y.numel();
                state.Dispose();
                state = output.State.detach().DetachFromDisposeScope();
            }
            state.Dispose();
            var mean = sum / Math.Max(1, count);
            return (Math.Exp(mean), mean);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
