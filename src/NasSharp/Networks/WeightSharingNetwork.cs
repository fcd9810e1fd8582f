namespace NasSharp.Networks;

using NasSharp.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// A one-shot network whose weights are shared by every architecture of a space (ENAS's ω): <c>forward(x, arc)</c>
/// runs only the subgraph of <c>arc</c>, so unsampled ops cost nothing and receive no gradient.
/// </summary>
public abstract class WeightSharingNetwork : nn.Module<Tensor, Architecture, Tensor>
{
    /// <summary>Creates the module.</summary>
    protected WeightSharingNetwork(string name) : base(name) { }

    /// <summary>Builds the stand-alone child network of <paramref name="architecture"/> (the one
    /// <see cref="NetworkBuilder"/> builds at this network's width and depth) with its weights copied from the shared
    /// ones, so it computes exactly what <c>forward(x, architecture)</c> computes.</summary>
    public abstract ClassificationNetwork ExportChild(Architecture architecture);

    /// <summary>Fills <paramref name="child"/>'s state from this network: <paramref name="map"/> names, for each child
    /// key, the shared key and the input-channel columns to take (null: all). Disposes the child on failure.</summary>
    protected TChild CopyStateInto<TChild>(TChild child, Func<string, (string Key, long[]? Columns)> map) where TChild : nn.Module
    {
        try
        {
            var shared = state_dict();
            foreach (var (key, target) in child.state_dict())
            {
                var (sharedKey, columns) = map(key);
                if (!shared.TryGetValue(sharedKey, out var source))
                    throw new InvalidOperationException($"shared model has no '{sharedKey}' for child '{key}'");
                CopyInto(target, source, columns);
            }
            return child;
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    /// <summary>Copies <paramref name="source"/> into the child's <paramref name="target"/>, optionally taking only
    /// the input-channel columns <paramref name="columns"/> (dimension 1).</summary>
    private static void CopyInto(Tensor target, Tensor source, long[]? columns)
    {
        using var noGrad = no_grad();
        if (columns is null)
        {
            target.copy_(source);
            return;
        }
        using var index = tensor(columns, ScalarType.Int64);
        using var picked = source.index_select(1, index);
        target.copy_(picked);
    }

    /// <summary>Column indices of the blocks <paramref name="states"/>, each <paramref name="blockSize"/> wide.</summary>
    protected static long[] BlockColumns(IEnumerable<int> states, int blockSize) =>
        states.SelectMany(s => Enumerable.Range(s * blockSize, blockSize)).Select(i => (long)i).ToArray();
}
