namespace NasSharp.Training;

using System.Globalization;
using System.Text.Json;
using NasSharp.Data.Text;
using NasSharp.Experiments;
using NasSharp.Networks;
using NasSharp.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// <c>nas train --arch &lt;recurrent cell&gt;|lstm --data ptb</c>: trains a language model from scratch into a model
/// folder (<c>config.json</c>, <c>metrics.jsonl</c>, <c>checkpoint.bin</c> + <c>lm-state.json</c> after every epoch,
/// <c>model.bin</c>, <c>result.json</c>) and reports test perplexity. Running it again on the folder resumes after the last
/// finished epoch (same random streams: each epoch's are derived from the seed and the epoch).
/// </summary>
public static class LanguageModelJob
{
    /// <summary>The architecture name of the LSTM baseline.</summary>
    public const string Lstm = "lstm";

    private const string StateFile = "lm-state.json";

    /// <summary>Whether <paramref name="architecture"/> names a language model (<c>lstm</c> or a recurrent cell).</summary>
    public static bool IsLanguageModel(string architecture)
    {
        if (architecture.Trim().Equals(Lstm, StringComparison.OrdinalIgnoreCase)) return true;
        try
        {
            return ArchitectureParser.Parse(architecture) is RecurrentGenotype;
        }
        catch (ArchitectureFormatException)
        {
            return false;
        }
    }

    /// <summary>Builds the model of <paramref name="architecture"/> (torch must be seeded by the caller).</summary>
    /// <exception cref="ArchitectureFormatException">Neither <c>lstm</c> nor a recurrent cell.</exception>
    public static LanguageModel Build(string architecture, int vocabulary, LanguageModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (architecture.Trim().Equals(Lstm, StringComparison.OrdinalIgnoreCase))
            return new LstmLanguageModel(vocabulary, options.Hidden, options.Dropout, options.LstmLayers, options.InitRange);
        var parsed = ArchitectureParser.Parse(architecture);
        if (parsed is not RecurrentGenotype cell)
            throw new ArchitectureFormatException($"'{architecture}' is a {parsed.Space} architecture; a language model needs a recurrent cell (e.g. ENAS_LM, DARTS_RNN_V2) or 'lstm'");
        return new RecurrentCellNetwork(cell, vocabulary, options.Hidden, options.Dropout, options.InitRange);
    }

    /// <summary>Trainable parameters of a model.</summary>
    public static long CountParameters(nn.Module model) => model.parameters().Sum(p => p.numel());

    /// <summary>Trains (or resumes) the run of <paramref name="config"/> in <paramref name="folder"/>.</summary>
    /// <exception cref="InvalidOperationException">The folder holds a run with another configuration.</exception>
    /// <exception cref="NonFiniteLossException">The loss diverged; the last finished epoch's checkpoint is kept.</exception>
    public static LanguageModelResult Run(LanguageModelJobConfig config, string folder, Action<string>? log = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var o = config.Options;
        o.Validate();
        Directory.CreateDirectory(folder);
        var configPath = Path.Combine(folder, ModelFolder.ConfigFile);
        var configJson = JsonSerializer.Serialize(config, ModelFolder.Json);
        if (File.Exists(configPath) && File.ReadAllText(configPath) != configJson)
            throw new InvalidOperationException($"'{folder}' holds another run ({configPath} differs from this command's settings); use another --out or delete the folder");
        var corpus = CorpusCatalog.Load(config.Data, config.DataDir);
        foreach (var (name, tokens, batch) in new[] { ("training", corpus.Train, o.BatchSize), ("validation", corpus.Valid, o.EvalBatchSize), ("test", corpus.Test, o.TestBatchSize) })
            if (tokens.LongLength / batch < 2)
                throw new ArgumentException($"the {name} text of '{corpus.Name}' has {tokens.LongLength} tokens, too few for {batch} rows of 2 tokens (batch sizes: --batch-size {o.BatchSize}, validation {o.EvalBatchSize}, test {o.TestBatchSize})");
        manual_seed(StableSeed.Derive(o.Seed, "lm/init"));
        using var model = Build(config.Architecture, corpus.Vocabulary.Count, o);
        using var average = new WeightAverage(model);
        using var optimizer = optim.SGD(model.parameters(), o.LearningRate);
        ModelFolder.WriteAtomically(configPath, configJson);
        var checkpoint = Path.Combine(folder, ModelFolder.CheckpointFile);
        var statePath = Path.Combine(folder, StateFile);
        var metricsPath = Path.Combine(folder, ModelFolder.MetricsFile);
        var history = new List<double>();
        int? averagingFrom = null;
        double seconds = 0;
        var done = 0;
        if (File.Exists(checkpoint))
        {
            done = Checkpoint.Load(checkpoint, [model, average], [optimizer]);
            var saved = JsonSerializer.Deserialize<SavedState>(File.ReadAllText(statePath), ModelFolder.Json)
                        ?? throw new InvalidDataException($"{statePath} is empty");
            history.AddRange(saved.ValidHistory.Take(done));
            averagingFrom = saved.AveragingStartedAfterEpoch is { } a && a <= done ? a : null;
            seconds = saved.Seconds;
            if (File.Exists(metricsPath))
                File.WriteAllLines(metricsPath, File.ReadAllLines(metricsPath).Take(done));
            log?.Invoke($"resuming {folder} after epoch {done}/{o.Epochs}");
        }
        else if (File.Exists(metricsPath)) File.Delete(metricsPath);
        log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"{config.Architecture} on {corpus.Name}: vocabulary {corpus.Vocabulary.Count}, {corpus.Train.Length:N0} training tokens, {CountParameters(model):N0} parameters, hidden {o.Hidden}"));
        using var stream = new TokenStream(corpus.Train, o.BatchSize, model.Embedding.device);
        for (var epoch = done; epoch < o.Epochs; epoch++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            manual_seed(StableSeed.Derive(o.Seed, $"lm/epoch-{epoch}"));
            var random = new Random(StableSeed.Derive(o.Seed, $"lm/windows-{epoch}"));
            var (trainPpl, steps) = LanguageModelTrainer.TrainEpoch(model, optimizer, stream, o, random, average, log, "train", epoch + 1, cancellation);
            var (valid, _) = average.WithAverage(() => Perplexity.Evaluate(model, corpus.Valid, o.EvalBatchSize, o.Bptt));
            if (!average.Started && history.Count > o.AverageThreshold && valid > history.Take(history.Count - o.AverageThreshold).Min())
            {
                average.Start();
                averagingFrom = epoch + 1;
                log?.Invoke($"  validation perplexity has not improved for {o.AverageThreshold} epoch(s): averaging weights from now on");
            }
            history.Add(valid);
            seconds += clock.Elapsed.TotalSeconds;
            File.AppendAllText(metricsPath, JsonSerializer.Serialize(new
            {
                epoch = epoch + 1, steps, train_ppl = trainPpl, valid_ppl = valid, averaging = average.Started, seconds = clock.Elapsed.TotalSeconds,
            }) + "\n");
            // State first (it may run ahead of the checkpoint; a resume keeps only the checkpoint's epochs of it).
            ModelFolder.WriteAtomically(statePath, JsonSerializer.Serialize(new SavedState(history, averagingFrom, seconds), ModelFolder.Json));
            Checkpoint.Save(checkpoint, [model, average], [optimizer], epoch + 1);
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch + 1}/{o.Epochs}: train ppl {trainPpl:F2} valid ppl {valid:F2}{(average.Started ? " (averaged)" : "")} | {clock.Elapsed.TotalSeconds:F0} s, ~{TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds * (o.Epochs - epoch - 1)):hh\\:mm\\:ss} left"));
        }
        var final = System.Diagnostics.Stopwatch.StartNew();
        average.Apply();
        var (validPpl, _) = Perplexity.Evaluate(model, corpus.Valid, o.EvalBatchSize, o.Bptt);
        var (testPpl, _) = Perplexity.Evaluate(model, corpus.Test, o.TestBatchSize, o.Bptt);
        seconds += final.Elapsed.TotalSeconds;
        model.save(Path.Combine(folder, ModelFolder.WeightsFile));
        var text = model is RecurrentCellNetwork cell ? ArchitectureFormats.ToText(cell.Genotype) : Lstm;
        if (model is RecurrentCellNetwork c2)
            ModelFolder.WriteAtomically(Path.Combine(folder, ModelFolder.ArchitectureFile), ArchitectureJson.Serialize(c2.Genotype));
        var result = new LanguageModelResult(text, CountParameters(model), o.Epochs, validPpl, testPpl, averagingFrom, seconds, history);
        ModelFolder.WriteAtomically(Path.Combine(folder, ModelFolder.ResultFile), JsonSerializer.Serialize(result, ModelFolder.Json));
        log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"finished: valid ppl {validPpl:F2} test ppl {testPpl:F2} (batch {o.TestBatchSize}), {result.Parameters:N0} parameters, {seconds / 60:F1} min"));
        return result;
    }

    private sealed record SavedState(IReadOnlyList<double> ValidHistory, int? AveragingStartedAfterEpoch, double Seconds);
}
