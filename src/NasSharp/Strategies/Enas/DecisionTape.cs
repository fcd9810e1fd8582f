namespace NasSharp.Strategies.Enas;

using static TorchSharp.torch;

/// <summary>Takes a controller's decisions one by one, either drawing them from the logits with a seeded
/// <see cref="Random"/> or replaying given ones, and accumulates log-probabilities, entropy and op distributions.</summary>
internal sealed class DecisionTape
{
    private readonly Random? _random;
    private readonly IReadOnlyList<int>? _forced;
    private readonly List<Tensor> _logProbs = [];
    private readonly Dictionary<string, (double[] Sum, int Count)> _groups = new(StringComparer.Ordinal);

    public DecisionTape(Random? random, IReadOnlyList<int>? forced)
    {
        _random = random;
        _forced = forced;
    }

    public List<int> Decisions { get; } = [];

    public double Entropy { get; private set; }

    /// <summary>Chooses one of <c>logits.shape[0]</c> options (1-D logits).</summary>
    public int Choose(Tensor logits, string? group = null)
    {
        var logp = nn.functional.log_softmax(logits, 0);
        var values = logp.detach().data<float>().ToArray();
        var probs = values.Select(v => Math.Exp(v)).ToArray();
        int choice;
        if (_forced is not null)
        {
            if (Decisions.Count >= _forced.Count)
                throw new ArgumentException($"the architecture encodes {_forced.Count} decisions, the controller needs more");
            choice = _forced[Decisions.Count];
            if (choice < 0 || choice >= values.Length)
                throw new ArgumentException($"decision {Decisions.Count} is {choice}, valid choices are 0..{values.Length - 1}");
        }
        else
        {
            var u = _random!.NextDouble();
            choice = values.Length - 1;
            double cumulative = 0;
            for (var i = 0; i < probs.Length; i++)
            {
                cumulative += probs[i];
                if (u < cumulative)
                {
                    choice = i;
                    break;
                }
            }
        }
        Decisions.Add(choice);
        _logProbs.Add(logp[choice]);
        Entropy -= probs.Zip(values, (p, l) => p * l).Sum();
        if (group is not null)
        {
            var (sum, count) = _groups.TryGetValue(group, out var g) ? g : (new double[probs.Length], 0);
            for (var i = 0; i < probs.Length; i++) sum[i] += probs[i];
            _groups[group] = (sum, count + 1);
        }
        return choice;
    }

    public Tensor LogProbability() => stack(_logProbs).sum();

    public IReadOnlyDictionary<string, double[]> OpProbabilities() =>
        _groups.ToDictionary(g => g.Key, g => g.Value.Sum.Select(s => s / g.Value.Count).ToArray(), StringComparer.Ordinal);

    public void EnsureConsumed()
    {
        if (_forced is not null && Decisions.Count != _forced.Count)
            throw new ArgumentException($"the architecture encodes {_forced.Count} decisions, the controller took {Decisions.Count}");
    }
}
