namespace NasSharp.Networks;

using NasSharp.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// A one-shot network whose every edge is a <see cref="MixedOp"/> weighted by softmax(α / <see cref="Temperature"/>)
/// (DARTS; BATS's temperature-regularised softmax): the architecture parameters α are parameters of the module (saved
/// with it) but kept apart from the network weights ω, which the bilevel search optimises separately.
/// </summary>
public abstract class DifferentiableSupernet : nn.Module<Tensor, Tensor>
{
    private double _temperature = 1;

    /// <summary>Creates the module.</summary>
    protected DifferentiableSupernet(string name) : base(name) { }

    /// <summary>Softmax temperature T of the mixing weights softmax(α / T). Default 1 (DARTS); BATS uses T &lt; 1.</summary>
    public double Temperature
    {
        get => _temperature;
        set => _temperature = value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The softmax temperature must be a positive number.");
    }

    /// <summary>The architecture weights, one group per cell type.</summary>
    public abstract IReadOnlyList<AlphaGroup> AlphaGroups { get; }

    /// <summary>α of every group (what the architecture optimiser updates).</summary>
    public IReadOnlyList<Parameter> ArchitectureParameters => AlphaGroups.Select(g => g.Alpha).ToArray();

    /// <summary>Every parameter but α (what the weight optimiser updates).</summary>
    public IReadOnlyList<Parameter> WeightParameters
    {
        get
        {
            var alphas = new HashSet<IntPtr>(AlphaGroups.Select(g => g.Alpha.Handle));
            return parameters().Where(p => !alphas.Contains(p.Handle)).ToArray();
        }
    }

    /// <summary>softmax(α / T) over the ops of each edge.</summary>
    public Tensor MixingWeights(Parameter alpha) => nn.functional.softmax(alpha / Temperature, -1);

    /// <summary>The mixing weights of every group as numbers, [edge][op] (no gradient).</summary>
    public IReadOnlyDictionary<string, float[][]> MixingWeightValues()
    {
        using var noGrad = no_grad();
        var result = new Dictionary<string, float[][]>(StringComparer.Ordinal);
        foreach (var g in AlphaGroups)
        {
            using var w = MixingWeights(g.Alpha);
            var flat = w.cpu().data<float>().ToArray();
            var ops = g.Ops.Count;
            result[g.Name] = Enumerable.Range(0, g.EdgeLabels.Count).Select(e => flat.AsSpan(e * ops, ops).ToArray()).ToArray();
        }
        return result;
    }

    /// <summary>The discrete architecture the current α stands for.</summary>
    public abstract Architecture Derive();
}
