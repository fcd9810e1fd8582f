namespace NasSharp.Training;

using System.Globalization;
using NasSharp.Data.Text;
using NasSharp.Networks;
using NasSharp.Runtime;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// One epoch of language-model training as enas_lm <c>fixed.py</c>: the state starts at zero, then each window (variable
/// length) runs with the previous window's state detached (truncated BPTT), the loss is cross-entropy plus
/// <c>wd·Σw²</c>, <c>alpha·mean(h²)</c> and <c>beta·mean((h_{t+1}−h_t)²)</c>, gradients are clipped to a global norm, and
/// SGD steps with <c>lr · length / bptt</c>. One dispose scope per step.
/// </summary>
public static class LanguageModelTrainer
{
    /// <summary>Regularised training loss of one window and the state to carry. The window's logits are freed as soon as
    /// the cross-entropy is computed, as PyTorch frees them when the reference's <c>logits</c> goes out of scope:
    /// autograd keeps the log-softmax, not the logits, and at enas_lm's sizes (batch 128, BPTT 35, vocabulary 10k) they
    /// are 179 MB held through the backward (measured with <c>PERF_LIVE=1 bench/perf/perf.cs enas-rnn-shared-step</c>).
    /// The cross-entropy's backward then writes the logits' gradient into the log-softmax's memory
    /// (<see cref="FusedCrossEntropy"/>) where autograd would make two more tensors of that size.</summary>
    /// <param name="model">The model in training mode.</param>
    /// <param name="x">Inputs <c>[batch, time]</c>.</param>
    /// <param name="y">Targets.</param>
    /// <param name="state">State from the previous window (detached).</param>
    /// <param name="options">Regularisation coefficients.</param>
    /// <param name="regularised">The parameters the L2 term covers.</param>
    /// <returns>(the loss to back-propagate, the plain cross-entropy, the recurrent state after the window: detach it
    /// before the next window).</returns>
    public static (Tensor Loss, double CrossEntropy, Tensor State) WindowLoss(LanguageModel model, Tensor x, Tensor y, Tensor state,
        LanguageModelOptions options, IEnumerable<Tensor> regularised)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var output = model.Forward(x, state);
        Tensor ce;
        using (var logits = output.Logits)
        using (var flat = logits.reshape(-1, model.VocabularySize))
        using (var targets = y.reshape(-1))
            ce = FusedCrossEntropy.Mean(flat, targets); // the gradient in the log-probabilities' own memory
        var loss = ce;
        if (options.WeightDecay > 0)
        {
            Tensor? l2 = null;
            foreach (var w in regularised) l2 = l2 is null ? w.square().sum() : l2 + w.square().sum();
            if (l2 is not null) loss = loss + options.WeightDecay * l2;
        }
        if (options.ActivationL2 > 0) loss = loss + options.ActivationL2 * output.Hidden.square().mean();
        if (options.Slowness > 0 && output.Hidden.shape[1] > 1)
        {
            var steps = output.Hidden.shape[1];
            loss = loss + options.Slowness * (output.Hidden.narrow(1, 1, steps - 1) - output.Hidden.narrow(1, 0, steps - 1)).square().mean();
        }
        return (loss, ce.item<float>(), output.State);
    }

    /// <summary>Trains <paramref name="model"/> for one pass over <paramref name="stream"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">Its SGD optimiser (its rate is set per step).</param>
    /// <param name="stream">Training tokens in rows.</param>
    /// <param name="options">Recipe.</param>
    /// <param name="random">Window lengths (when <see cref="LanguageModelOptions.VariableLength"/>).</param>
    /// <param name="average">Updated after every step once started; may be null.</param>
    /// <param name="log">Progress lines; may be null.</param>
    /// <param name="label">Prefix of progress lines.</param>
    /// <param name="epoch">1-based epoch number, for progress and errors.</param>
    /// <param name="cancellation">Stops between steps.</param>
    /// <param name="beforeStep">Called before each step with its 1-based number (ENAS samples the step's cell here); may be null.</param>
    /// <param name="maxSteps">Stop after this many steps; 0: a full pass.</param>
    /// <returns>Training perplexity of the epoch (token-weighted) and the steps taken.</returns>
    /// <exception cref="NonFiniteLossException">A NaN or infinite loss.</exception>
    public static (double Perplexity, int Steps) TrainEpoch(LanguageModel model, optim.Optimizer optimizer, TokenStream stream,
        LanguageModelOptions options, Random random, WeightAverage? average, Action<string>? log, string label, int epoch,
        CancellationToken cancellation = default, Action<int>? beforeStep = null, int maxSteps = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(stream);
        model.train();
        var parameters = model.parameters().ToArray();
        var state = model.InitialState(stream.Batch).DetachFromDisposeScope();
        double sum = 0;
        long tokens = 0;
        var steps = 0;
        var expected = maxSteps > 0 ? Math.Min(maxSteps, stream.WindowCount(options.Bptt)) : stream.WindowCount(options.Bptt);
        var start = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            foreach (var window in stream.Windows(options.Bptt, options.VariableLength ? random : null))
            {
                cancellation.ThrowIfCancellationRequested();
                if (maxSteps > 0 && steps >= maxSteps) break;
                using var scope = StepScope.Begin();
                beforeStep?.Invoke(steps + 1);
                var (x, y) = stream.Slice(window);
                optimizer.zero_grad();
                var (loss, ce, next) = WindowLoss(model, x, y, state, options, model.RegularisedWeights());
                if (!double.IsFinite(ce) || !double.IsFinite(loss.item<float>()))
                    throw new NonFiniteLossException(epoch, steps + 1, ce, null);
                loss.backward();
                nn.utils.clip_grad_norm_(parameters, options.GradientClip);
                foreach (var g in optimizer.ParamGroups) g.LearningRate = options.LearningRate * window.Length / options.Bptt;
                optimizer.step();
                average?.Update();
                state.Dispose();
                state = next.detach().DetachFromDisposeScope();
                steps++;
                var n = y.numel();
                sum += ce * n;
                tokens += n;
                if (log is not null && options.LogEvery > 0 && steps % options.LogEvery == 0)
                {
                    var seconds = start.Elapsed.TotalSeconds;
                    var left = TimeSpan.FromSeconds(seconds / steps * Math.Max(0, expected - steps));
                    log(string.Create(CultureInfo.InvariantCulture,
                        $"  {label} epoch {epoch} step {steps}/~{expected} ppl {Math.Exp(sum / tokens):F1} {tokens / seconds:F0} tok/s ~{left:hh\\:mm\\:ss} left in epoch"));
                }
            }
        }
        finally
        {
            state.Dispose();
        }
        return (Math.Exp(sum / Math.Max(1, tokens)), steps);
    }
}
