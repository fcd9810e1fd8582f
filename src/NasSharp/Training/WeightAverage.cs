namespace NasSharp.Training;

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// A running mean of a model's weights over the steps since <see cref="Start"/> (enas_lm <c>fixed_lib._create_average_ops</c>:
/// <c>avg ← avg + (w − avg)/k</c> at step k), which evaluation swaps in (ASGD-style averaging for language models). A module,
/// so it is saved in the checkpoint with the model.
/// </summary>
public sealed class WeightAverage : nn.Module
{
    private readonly ParameterList averages = new();
    private readonly Parameter[] _weights;
    private readonly Parameter steps;
    private readonly Parameter started;

    /// <summary>Creates zero averages for the parameters of <paramref name="model"/>.</summary>
    public WeightAverage(nn.Module model) : base(nameof(WeightAverage))
    {
        ArgumentNullException.ThrowIfNull(model);
        _weights = model.parameters().ToArray();
        foreach (var p in _weights) averages.Add(new Parameter(zeros_like(p), requires_grad: false));
        steps = new Parameter(zeros(1, dtype: ScalarType.Float64), requires_grad: false);
        started = new Parameter(zeros(1, dtype: ScalarType.Float64), requires_grad: false);
        RegisterComponents();
    }

    /// <summary>Steps averaged so far.</summary>
    public long Steps => (long)steps.item<double>();

    /// <summary>Whether averaging has started.</summary>
    public bool Started => started.item<double>() > 0;

    /// <summary>Starts averaging: the next <see cref="Update"/> is step 1 (its weights are the mean so far).</summary>
    public void Start()
    {
        using var noGrad = no_grad();
        started.fill_(1);
    }

    /// <summary>Adds the current weights to the mean (no-op before <see cref="Start"/>).</summary>
    public void Update()
    {
        if (!Started) return;
        using var noGrad = no_grad();
        var k = Steps + 1;
        foreach (var (a, w) in averages.Zip(_weights)) a.add_(w.sub(a), alpha: 1.0 / k);
        steps.fill_(k);
    }

    /// <summary>Runs <paramref name="action"/> with the averaged weights in the model (once a step was averaged), then
    /// restores them.</summary>
    public T WithAverage<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Steps == 0) return action();
        Tensor[] backup;
        using (no_grad()) backup = _weights.Select(w => w.clone().DetachFromDisposeScope()).ToArray();
        try
        {
            using (no_grad())
                foreach (var (a, w) in averages.Zip(_weights)) w.copy_(a);
            return action();
        }
        finally
        {
            using (no_grad())
                foreach (var (b, w) in backup.Zip(_weights)) w.copy_(b);
            foreach (var b in backup) b.Dispose();
        }
    }

    /// <summary>Copies the averages into the model for good (before saving the final weights).</summary>
    public void Apply()
    {
        if (Steps == 0) return;
        using var noGrad = no_grad();
        foreach (var (a, w) in averages.Zip(_weights)) w.copy_(a);
    }
}
