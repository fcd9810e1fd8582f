namespace NasSharp.Strategies.Supernet;

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasSharp.Data;
using NasSharp.Experiments;
using NasSharp.Runtime;
using NasSharp.SearchSpaces;
using NasSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// What every weight-sharing search repeats (ENAS, DARTS/BATS, Petridish's candidate phase): batches from the search's
/// data service, a seeded build of the models, the epoch loop with per-step dispose scopes and progress, metrics and a
/// checkpoint after every epoch (small state in the store, models and optimisers in a tensor file), then derive, then
/// retrain the derived architecture from scratch as the trial <c>retrain</c> and declare the answer. A method supplies
/// its models, one epoch of its own, and its derive step.
/// </summary>
public abstract class SupernetSearch : ISearchStrategy, ITensorState
{
    private const string Format = "NASSHARP-SUPERNET-1";
    private int _epoch;
    private string? _tensorFile;
    private bool _built;

    /// <summary>Creates the loop for the strategy called <paramref name="name"/> (it names the random streams).</summary>
    protected SupernetSearch(string name) => Name = name;

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Search epochs finished so far.</summary>
    public int EpochsDone => _epoch;

    /// <summary>Where the supernet and its batches live (the budget's <see cref="TrialBudget.Device"/>, resolved before
    /// <see cref="Build"/>). Build moves its modules there before making their optimisers.</summary>
    protected Device Device { get; private set; } = CPU;

    /// <summary>Name of the validation batches' random stream after <c>&lt;strategy&gt;/</c>. Default <c>valid</c>.</summary>
    protected virtual string ValidStream => "valid";

    /// <summary>Epochs, batch size and retraining length.</summary>
    protected abstract SupernetSchedule Schedule { get; }

    /// <summary>The modules whose weights are part of the state, in a fixed order (valid after <see cref="Build"/>).</summary>
    protected abstract IReadOnlyList<nn.Module> Modules { get; }

    /// <summary>The optimisers whose state is part of the state, in a fixed order (valid after <see cref="Build"/>).</summary>
    protected abstract IReadOnlyList<optim.Optimizer> Optimizers { get; }

    /// <summary>Builds the models and optimisers with fresh weights (torch is already seeded with
    /// <c>&lt;strategy&gt;/init</c>); a resumed run then loads the saved tensors into them.</summary>
    protected abstract void Build(SearchContext context, SearchData data);

    /// <summary>Runs search epoch <paramref name="epoch"/> (0-based).</summary>
    protected abstract SupernetEpochResult RunEpoch(SearchContext context, SupernetBatches batches, int epoch, CancellationToken cancellation);

    /// <summary>Derives the answer (recording it as one or more trials of kind <c>derive</c>) and returns the trial to
    /// retrain, or null when none succeeded.</summary>
    protected abstract TrialRecord? Derive(SearchContext context, SupernetBatches batches, CancellationToken cancellation);

    /// <summary>Frees the models and optimisers.</summary>
    protected abstract void DisposeModels();

    /// <summary>The method's own small state (counters, baselines) as JSON; default none.</summary>
    protected virtual JsonNode? SaveOwnState() => null;

    /// <summary>Restores what <see cref="SaveOwnState"/> returned.</summary>
    protected virtual void LoadOwnState(JsonNode? state) { }

    /// <summary>Reads a state blob written before this loop existed (returns false when it is not one); a method that
    /// had another format overrides it, and loads any weights it held in <see cref="AfterBuild"/>.</summary>
    protected virtual bool LoadLegacyState(byte[] state, out int epochsDone)
    {
        epochsDone = 0;
        return false;
    }

    /// <summary>Called after <see cref="Build"/> and after saved tensors were loaded. Default: nothing.</summary>
    protected virtual void AfterBuild() { }

    /// <inheritdoc />
    public async Task RunAsync(SearchContext context, CancellationToken cancellation)
    {
        var schedule = Schedule;
        var budget = context.Budget;
        var data = context.Data;
        Device = Runtime.DeviceSelector.Resolve(budget.Device);
        var augmentation = new AugmentationOptions(budget.CropPadding > 0, budget.CropPadding, budget.HorizontalFlip, 0);
        var batches = new SupernetBatches(data,
            new BatchLoader(data.Train, schedule.BatchSize, data.Normalization, augmentation, shuffle: true,
                seed: StableSeed.Derive(context.Seed, $"{Name}/batches"), dropLast: true, device: Device),
            new BatchLoader(data.Valid, schedule.BatchSize, data.Normalization, null, shuffle: true, seed: StableSeed.Derive(context.Seed, $"{Name}/{ValidStream}"),
                device: Device));
        if (batches.Train.BatchesPerEpoch == 0)
            throw new InvalidOperationException($"{Name}: the search-training split of '{budget.Data}' has {data.Train.Count} images, fewer than one batch of {schedule.BatchSize}; lower the {Name} batch size or use more data.");
        if (batches.Valid.BatchesPerEpoch == 0)
            throw new InvalidOperationException($"{Name}: the validation split of '{budget.Data}' is empty; raise --valid-fraction (now {budget.ValidFraction}).");
        manual_seed(StableSeed.Derive(context.Seed, $"{Name}/init"));
        Build(context, data);
        _built = true;
        try
        {
            if (_tensorFile is not null)
            {
                Checkpoint.Load(_tensorFile, Modules, Optimizers);
                _tensorFile = null;
            }
            AfterBuild();
            for (var epoch = _epoch; epoch < schedule.Epochs; epoch++)
            {
                cancellation.ThrowIfCancellationRequested();
                var start = context.Time.GetTimestamp();
                var result = RunEpoch(context, batches, epoch, cancellation);
                _epoch = epoch + 1;
                foreach (var (name, value) in result.Metrics) context.ReportMetric(_epoch, name, value);
                context.Checkpoint(_epoch);
                var seconds = context.Time.GetElapsedTime(start).TotalSeconds;
                context.Report(new SearchProgress("epoch", _epoch, schedule.Epochs, string.Create(CultureInfo.InvariantCulture,
                    $"epoch {_epoch}/{schedule.Epochs}: {result.Summary} | {seconds:F0} s, ~{TimeSpan.FromSeconds(seconds * (schedule.Epochs - _epoch)):hh\\:mm\\:ss} left"), null));
            }
            var derived = Derive(context, batches, cancellation);
            // The supernet is done: free it (and its optimisers) before a retraining that may run for days.
            _built = false;
            DisposeModels();
            if (derived is null) return;
            if (schedule.RetrainEpochs <= 0)
            {
                context.DeclareFinal(derived.Key);
                return;
            }
            context.Report(new SearchProgress("retrain", schedule.Epochs, schedule.Epochs,
                $"retraining {derived.Key} from scratch for {schedule.RetrainEpochs} epochs", derived.ValidAccuracy));
            context.Submit("retrain", ArchitectureJson.Deserialize(derived.ArchitectureJson), budget with { Epochs = schedule.RetrainEpochs },
                kind: "retrain", parentKey: derived.Key);
            var retrained = await context.NextResultAsync(cancellation).ConfigureAwait(false);
            context.Report(new SearchProgress("retrain", schedule.Epochs, schedule.Epochs, retrained.Status == TrialStatus.Succeeded
                ? string.Create(CultureInfo.InvariantCulture, $"retrained: valid {100 * retrained.ValidAccuracy:F2}% test {100 * retrained.TestAccuracy:F2}%")
                : $"retraining FAILED: {retrained.FailureReason}", retrained.ValidAccuracy));
            context.DeclareFinal(retrained.Status == TrialStatus.Succeeded ? retrained.Key : derived.Key);
        }
        finally
        {
            _built = false;
            DisposeModels();
        }
    }

    /// <summary>Runs <paramref name="steps"/> training steps over <paramref name="loader"/> (several passes when one is not
    /// enough, each reshuffled), one dispose scope per step, reporting progress every 20 steps.
    /// <paramref name="step"/> gets the batch and the 1-based step number and returns the step's loss and logits; a
    /// non-finite loss stops the search with <see cref="NonFiniteLossException"/>.</summary>
    /// <returns>Mean loss and accuracy over the steps.</returns>
    protected (double Loss, double Accuracy) TrainSteps(SearchContext context, BatchLoader loader, int epoch, int steps, string label,
        CancellationToken cancellation, Func<Tensor, Tensor, int, (double Loss, Tensor Logits)> step)
    {
        var epochs = Schedule.Epochs;
        double lossSum = 0;
        long correct = 0, seen = 0;
        var done = 0;
        var start = context.Time.GetTimestamp();
        for (var pass = 0; done < steps && !cancellation.IsCancellationRequested; pass++)
            foreach (var (x, y) in loader.Epoch(epoch * 1000 + pass))
            {
                using var scope = StepScope.Begin();
                scope.Attach(x);
                scope.Attach(y);
                if (done >= steps || cancellation.IsCancellationRequested) break;
                done++;
                var (loss, logits) = step(x, y, done);
                if (!double.IsFinite(loss)) throw new NonFiniteLossException(epoch + 1, done, loss, null);
                var n = y.shape[0];
                lossSum += loss * n;
                correct += logits.argmax(1).eq(y).sum().item<long>();
                seen += n;
                if (done % 20 == 0 || done == steps)
                {
                    var elapsed = context.Time.GetElapsedTime(start).TotalSeconds;
                    context.Report(new SearchProgress(label, epoch, epochs, string.Create(CultureInfo.InvariantCulture,
                        $"  epoch {epoch + 1}/{epochs} {label} step {done}/{steps} loss {lossSum / seen:F3} acc {100.0 * correct / seen:F1}% " +
                        $"{seen / Math.Max(1e-9, elapsed):F0} img/s"), null));
                }
            }
        cancellation.ThrowIfCancellationRequested();
        return (lossSum / Math.Max(1, seen), (double)correct / Math.Max(1, seen));
    }

    /// <inheritdoc />
    public byte[] SaveState() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["format"] = Format, ["epoch"] = _epoch, ["own"] = SaveOwnState(),
    });

    /// <inheritdoc />
    public void LoadState(byte[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (LoadLegacyState(state, out var legacyEpochs))
        {
            _epoch = legacyEpochs;
            return;
        }
        JsonObject? node = null;
        try
        {
            node = JsonNode.Parse(state) as JsonObject;
        }
        catch (JsonException)
        {
        }
        if (node is null || (string?)node["format"] != Format)
            throw new InvalidDataException($"The saved {Name} state is not in format '{Format}'.");
        _epoch = (int)node["epoch"]!;
        LoadOwnState(node["own"]);
    }

    /// <inheritdoc />
    public bool HasTensors => _built;

    /// <inheritdoc />
    public void SaveTensors(string path) => Checkpoint.Save(path, Modules, Optimizers, _epoch);

    /// <inheritdoc />
    public void LoadTensors(string path) => _tensorFile = path;
}
