namespace NasSharp.Strategies.Enas;

using System.Globalization;
using System.Text.Json;
using NasSharp.Data.Text;
using NasSharp.Experiments;
using NasSharp.Export;
using NasSharp.Networks;
using NasSharp.Runtime;
using NasSharp.SearchSpaces;
using NasSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// ENAS on the recurrent-cell space for word-level language modelling (Pham et al. 2018, section 3.1; google-research
/// enas_lm <c>search.py</c>): each epoch trains the shared model one pass over the training text with a fresh cell
/// sampled from the controller per window, then trains the controller by REINFORCE on validation windows (reward
/// <c>80 / ppl</c> + entropy bonus, moving-average baseline, gradients of <see cref="EnasRecurrentOptions.ControllerAggregate"/>
/// samples averaged per Adam step); at the end several cells are sampled and scored with the shared weights, the best
/// is retrained from scratch (<see cref="LanguageModelJob"/>). The run is a folder: <c>config.json</c>, <c>metrics.jsonl</c>,
/// <c>checkpoint.bin</c> + <c>search-state.json</c> after every epoch (running it again resumes; each epoch's random streams
/// derive from the seed and the epoch, so a resumed search equals an uninterrupted one), <c>derive.jsonl</c>,
/// <c>genotypes/best.{json,txt,svg}</c>, <c>plots/reward.{svg,png}</c> and <c>plots/perplexity.{svg,png}</c>, <c>retrain/</c> and <c>result.json</c>.
/// One process per folder (<c>experiment.lock</c>).
/// </summary>
public static class EnasRecurrentSearch
{
    private const string StateFile = "search-state.json";

    /// <summary>Runs (or resumes) the search in <paramref name="folder"/>.</summary>
    /// <param name="options">Settings.</param>
    /// <param name="data">Corpus name or folder.</param>
    /// <param name="dataDir">Where corpus names are looked up; may be null.</param>
    /// <param name="folder">The run's folder.</param>
    /// <param name="log">Progress lines; may be null.</param>
    /// <param name="cancellation">Stops between steps (the last finished epoch stays saved).</param>
    /// <param name="stopAfterEpoch">Stop (returning null) once this many epochs are done; for tests of resuming.</param>
    /// <returns>The result, or null when stopped by <paramref name="stopAfterEpoch"/>.</returns>
    public static EnasRecurrentResult? Run(EnasRecurrentOptions options, string data, string? dataDir, string folder, Action<string>? log = null,
        CancellationToken cancellation = default, int? stopAfterEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options;
        o.Shared.Validate();
        o.Retrain.Validate();
        if (o.Nodes < 1) throw new ArgumentOutOfRangeException("--nodes", o.Nodes, "the cell needs at least one node after node 0");
        if (o.ControllerAggregate < 1 || o.ControllerSteps < 0) throw new ArgumentOutOfRangeException("--controller-steps", o.ControllerSteps, "controller steps must be >= 0 and the aggregate >= 1");
        Directory.CreateDirectory(folder);
        using var folderLock = ExperimentLock.Acquire(folder, TimeProvider.System);
        var configPath = Path.Combine(folder, ModelFolder.ConfigFile);
        var configJson = JsonSerializer.Serialize(new { strategy = "enas", space = "enas-rnn", data, data_dir = dataDir, options = o }, ModelFolder.Json);
        if (File.Exists(configPath) && File.ReadAllText(configPath) != configJson)
            throw new InvalidOperationException($"'{folder}' holds another search ({configPath} differs from this command's settings); use another --out or delete the folder");
        var corpus = CorpusCatalog.Load(data, dataDir);
        ModelFolder.WriteAtomically(configPath, configJson);

        var space = new RecurrentSearchSpace(o.Nodes + 1, ActivationNames.EnasLm);
        var s = o.Shared;
        manual_seed(StableSeed.Derive(o.Seed, "enas-rnn/init"));
        using var shared = new EnasRnnSharedModel(space, corpus.Vocabulary.Count, s.Hidden, s.Dropout, s.InitRange);
        using var controller = new EnasRecurrentController(space, o.ControllerLstmSize, o.TanhConstant, o.Temperature);
        using var sharedOptimizer = optim.SGD(shared.parameters(), s.LearningRate);
        using var controllerOptimizer = optim.Adam(controller.parameters(), o.ControllerLearningRate);
        var checkpoint = Path.Combine(folder, ModelFolder.CheckpointFile);
        var statePath = Path.Combine(folder, StateFile);
        var metricsPath = Path.Combine(folder, ModelFolder.MetricsFile);
        var epochs = new List<EnasRecurrentEpoch>();
        double baseline = 0;
        long validCursor = 0;
        var done = 0;
        if (File.Exists(checkpoint))
        {
            done = Checkpoint.Load(checkpoint, [shared, controller], [sharedOptimizer, controllerOptimizer]);
            var saved = JsonSerializer.Deserialize<SearchState>(File.ReadAllText(statePath), ModelFolder.Json)
                        ?? throw new InvalidDataException($"{statePath} is empty");
            if (saved.Epochs.Count < done) throw new InvalidDataException($"{statePath} records {saved.Epochs.Count} epochs, the checkpoint {done}");
            // The state is written before the checkpoint, so it may hold one epoch more: take the checkpoint's epoch.
            baseline = saved.Epochs[done - 1].Baseline;
            validCursor = saved.Epochs[done - 1].ValidCursor;
            epochs.AddRange(saved.Epochs.Take(done));
            log?.Invoke($"resuming {folder} after search epoch {done}/{o.Epochs}");
        }
        File.WriteAllLines(metricsPath, epochs.Select(e => JsonSerializer.Serialize(e, ModelFolder.Json).ReplaceLineEndings(" ")));
        log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"ENAS recurrent search on {corpus.Name}: vocabulary {corpus.Vocabulary.Count}, {corpus.Train.Length:N0} training tokens, {o.Nodes} nodes, hidden {s.Hidden}, shared model {LanguageModelJob.CountParameters(shared):N0} parameters"));

        using var train = new TokenStream(corpus.Train, s.BatchSize);
        using var valid = new TokenStream(corpus.Valid, s.BatchSize);
        var validWindows = valid.Windows(s.Bptt).ToArray();
        for (var epoch = done; epoch < o.Epochs; epoch++)
        {
            if (stopAfterEpoch is { } stop && epoch >= stop) return null;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            manual_seed(StableSeed.Derive(o.Seed, $"enas-rnn/epoch-{epoch}"));
            var sampler = new Random(StableSeed.Derive(o.Seed, $"enas-rnn/sample-{epoch}"));
            var windows = new Random(StableSeed.Derive(o.Seed, $"enas-rnn/windows-{epoch}"));
            var (sharedPpl, _) = LanguageModelTrainer.TrainEpoch(shared, sharedOptimizer, train, s, windows, null, log, "shared", epoch + 1, cancellation,
                beforeStep: _ => shared.Arc = SampleCell(controller, sampler), maxSteps: o.StepsPerEpoch);

            // Controller: REINFORCE on validation windows with the shared weights (no dropout), zero state per sample.
            shared.eval();
            controller.train();
            double rewardSum = 0, pplSum = 0, entropySum = 0;
            var samples = o.ControllerSteps * o.ControllerAggregate;
            controllerOptimizer.zero_grad();
            for (var k = 0; k < samples; k++)
            {
                cancellation.ThrowIfCancellationRequested();
                using var scope = StepScope.Begin();
                using var sample = controller.Sample(sampler);
                shared.Arc = (RecurrentGenotype)sample.Architecture;
                var (x, y) = valid.Slice(validWindows[validCursor % validWindows.Length]);
                validCursor++;
                double ce;
                using (no_grad())
                {
                    var output = shared.Forward(x, shared.InitialState(s.BatchSize));
                    ce = nn.functional.cross_entropy(output.Logits.reshape(-1, shared.VocabularySize), y.reshape(-1)).item<float>();
                }
                var ppl = Math.Exp(ce);
                var reward = o.RewardConstant / ppl + o.EntropyWeight * sample.Entropy;
                baseline -= (1 - o.BaselineDecay) * (baseline - reward);
                var loss = -sample.LogProbability * (reward - baseline) / o.ControllerAggregate;
                loss.backward();
                if ((k + 1) % o.ControllerAggregate == 0)
                {
                    controllerOptimizer.step();
                    controllerOptimizer.zero_grad();
                }
                rewardSum += reward;
                pplSum += ppl;
                entropySum += sample.Entropy;
            }
            shared.train();
            var n = Math.Max(1, samples);
            var record = new EnasRecurrentEpoch(epoch + 1, sharedPpl, rewardSum / n, pplSum / n, entropySum / n, baseline, clock.Elapsed.TotalSeconds, validCursor);
            epochs.Add(record);
            File.AppendAllText(metricsPath, JsonSerializer.Serialize(record, ModelFolder.Json).ReplaceLineEndings(" ") + "\n");
            ModelFolder.WriteAtomically(statePath, JsonSerializer.Serialize(new SearchState(epochs), ModelFolder.Json));
            Checkpoint.Save(checkpoint, [shared, controller], [sharedOptimizer, controllerOptimizer], epoch + 1);
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch + 1}/{o.Epochs}: shared ppl {sharedPpl:F1} | controller reward {record.Reward:F4} (valid ppl {record.ValidPerplexity:F1}) entropy {record.Entropy:F2} baseline {baseline:F4} | {record.Seconds:F0} s, ~{TimeSpan.FromSeconds(record.Seconds * (o.Epochs - epoch - 1)):hh\\:mm\\:ss} left"));
        }
        if (stopAfterEpoch is { } s2 && o.Epochs > s2) return null;

        var (best, bestPpl) = Derive(o, shared, controller, corpus.Valid, s.BatchSize, s.Bptt, folder, log);
        WritePlots(epochs, folder);
        LanguageModelResult? retrained = null;
        var bestText = ArchitectureFormats.ToText(best);
        if (o.Retrain.Epochs > 0)
        {
            log?.Invoke($"retraining the best cell from scratch for {o.Retrain.Epochs} epochs (hidden {o.Retrain.Hidden}) in {Path.Combine(folder, "retrain")}");
            retrained = LanguageModelJob.Run(new LanguageModelJobConfig(bestText, data, dataDir, o.Retrain with { Seed = o.Seed }),
                Path.Combine(folder, "retrain"), log, cancellation);
        }
        var result = new EnasRecurrentResult(best, bestText, EnasFixedArc.FormatRecurrentLm(best)!, bestPpl, epochs, retrained);
        ModelFolder.WriteAtomically(Path.Combine(folder, ModelFolder.ResultFile), JsonSerializer.Serialize(new
        {
            best = bestText, best_arc = result.BestArc, best_derive_ppl = bestPpl, epochs, retrained,
        }, ModelFolder.Json));
        return result;
    }

    /// <summary>Samples a cell (no gradients) for one shared-weight step.</summary>
    private static RecurrentGenotype SampleCell(EnasRecurrentController controller, Random random)
    {
        using var noGrad = no_grad();
        using var sample = controller.Sample(random);
        return (RecurrentGenotype)sample.Architecture;
    }

    private static (RecurrentGenotype Best, double Perplexity) Derive(EnasRecurrentOptions o, EnasRnnSharedModel shared, EnasRecurrentController controller,
        long[] validTokens, int batch, int bptt, string folder, Action<string>? log)
    {
        var random = new Random(StableSeed.Derive(o.Seed, "enas-rnn/derive"));
        var lines = new List<string>();
        RecurrentGenotype? best = null;
        var bestPpl = double.PositiveInfinity;
        for (var k = 0; k < Math.Max(1, o.DeriveSamples); k++)
        {
            var cell = SampleCell(controller, random);
            shared.Arc = cell;
            var (ppl, _) = Perplexity.Evaluate(shared, validTokens, batch, bptt, Math.Max(1, o.DeriveWindows));
            var arc = EnasFixedArc.FormatRecurrentLm(cell)!;
            lines.Add(JsonSerializer.Serialize(new { sample = k + 1, arc, ppl }));
            log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"derive {k + 1}/{o.DeriveSamples}: valid ppl with shared weights {ppl:F2}  arc {arc}"));
            if (best is null || ppl < bestPpl)
            {
                bestPpl = ppl;
                best = cell;
            }
        }
        File.WriteAllLines(Path.Combine(folder, "derive.jsonl"), lines);
        var genotypes = Path.Combine(folder, "genotypes");
        Directory.CreateDirectory(genotypes);
        File.WriteAllText(Path.Combine(genotypes, "best.json"), ArchitectureJson.Serialize(best!));
        File.WriteAllText(Path.Combine(genotypes, "best.txt"), ArchitectureFormats.ToText(best!) + "\nenas_lm fixed_arc: " + EnasFixedArc.FormatRecurrentLm(best!) + "\n");
        File.WriteAllText(Path.Combine(genotypes, "best.svg"), CellDrawing.Draw(best!, "svg"));
        log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"best cell (valid ppl {bestPpl:F2} with shared weights): {ArchitectureFormats.ToText(best!)}"));
        return (best!, bestPpl);
    }

    private static void WritePlots(IReadOnlyList<EnasRecurrentEpoch> epochs, string folder)
    {
        if (epochs.Count == 0) return;
        var t = DateTimeOffset.UnixEpoch;
        var points = epochs.SelectMany(e => new[]
        {
            new MetricPoint(e.Epoch, "reward", e.Reward, t), new MetricPoint(e.Epoch, "baseline", e.Baseline, t),
        }).ToArray();
        Plots.Save(Plots.MetricCurves(points, ["reward", "baseline"], "ENAS recurrent search: controller reward (80 / valid ppl)", "reward", "epoch"),
            Path.Combine(folder, "plots", "reward"));
        var ppl = epochs.SelectMany(e => new[]
        {
            new MetricPoint(e.Epoch, "shared_train_ppl", e.SharedPerplexity, t), new MetricPoint(e.Epoch, "sampled_valid_ppl", e.ValidPerplexity, t),
        }).ToArray();
        Plots.Save(Plots.MetricCurves(ppl, ["shared_train_ppl", "sampled_valid_ppl"], "ENAS recurrent search: shared-model perplexity", "perplexity", "epoch"),
            Path.Combine(folder, "plots", "perplexity"));
    }

    private sealed record SearchState(IReadOnlyList<EnasRecurrentEpoch> Epochs);
}
