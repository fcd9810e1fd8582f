namespace NasSharp.Strategies.Petridish;

using NasSharp.Networks;
using NasSharp.SearchSpaces;
using static TorchSharp.torch;

/// <summary>
/// Warm starts (petridishnn trains every job from its parent's weights: <c>prev_model_dir</c>): copies tensors (parameters
/// and buffers) between networks by state-dict name. A candidate network takes its parent's tensors under the same names;
/// a finalised child takes its parent's and, for its new node in each cell, the tensors of the candidate ops it kept
/// (<c>cells.i.nodes.n.ops.j.*</c> ← <c>cells.i.candidates.ops.k.*</c>); its projection and gate stay as built (the gate 0).
/// </summary>
public static class PetridishWarmStart
{
    /// <summary>Copies every tensor of <paramref name="target"/> whose (mapped) name <paramref name="source"/> has; returns
    /// the names of the target tensors left as built (those the source lacks).</summary>
    /// <exception cref="InvalidDataException">A tensor the source has under that name has another shape (the networks
    /// were built from different genotypes or sizes); the message names it and both shapes.</exception>
    /// <param name="source">Where the tensors come from.</param>
    /// <param name="target">Where they go.</param>
    /// <param name="map">The source name of a target name (null: the same name).</param>
    public static IReadOnlyList<string> Copy(nn.Module source, nn.Module target, Func<string, string>? map = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var from = source.state_dict();
        var left = new List<string>();
        using var noGrad = no_grad();
        // The live tensors (TorchSharp's state_dict() of the target would hand out copies).
        var live = target.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(target.named_buffers().Select(b => (b.name, b.buffer)));
        foreach (var (name, tensor) in live)
        {
            var sourceName = map?.Invoke(name) ?? name;
            if (!from.TryGetValue(sourceName, out var s))
            {
                left.Add(name);
                continue;
            }
            if (!s.shape.SequenceEqual(tensor.shape))
                throw new InvalidDataException($"Warm start: tensor '{sourceName}' has shape [{string.Join(", ", s.shape)}] in the source network but " +
                    $"'{name}' has [{string.Join(", ", tensor.shape)}] in the target; the networks do not match (genotype, channels or cells).");
            tensor.copy_(s);
        }
        return left;
    }

    /// <summary>Initialises <paramref name="child"/> (grown by one added node per cell from <paramref name="candidates"/>'
    /// genotype) from the candidate network: every tensor of the parent by name, the kept candidate ops' tensors into the
    /// new nodes' ops. Returns the target tensors left as built (the new nodes' projections and gates).</summary>
    /// <exception cref="ArgumentException"><paramref name="candidates"/> has no candidates, or the child is not its parent grown by one node per cell.</exception>
    public static IReadOnlyList<string> ChildFromCandidates(PetridishNetwork candidates, PetridishNetwork child)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(child);
        if (!candidates.HasCandidates) throw new ArgumentException("The source network has no candidates attached.", nameof(candidates));
        if (PetridishSearchSpace.Parent(child.Genotype) != candidates.Genotype)
            throw new ArgumentException("The child is not the candidate network's genotype grown by one node per cell.", nameof(child));
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var childCells = child.Cells;
        for (var i = 0; i < childCells.Count; i++)
        {
            var cell = childCells[i].Reduction ? child.Genotype.Reduce : child.Genotype.Normal;
            var node = cell.Nodes.Count - 1;
            for (var j = 0; j < cell.Nodes[node].Edges.Count; j++)
                map[$"cells.{i}.nodes.{node}.ops.{j}."] = $"cells.{i}.candidates.ops.{PetridishCandidates.IndexOf(cell.Nodes[node].Edges[j])}.";
        }
        var left = Copy(candidates, child, name =>
        {
            foreach (var (prefix, to) in map)
                if (name.StartsWith(prefix, StringComparison.Ordinal)) return to + name[prefix.Length..];
            return name;
        });
        // Everything but the new nodes' projections and gates must come from the source.
        var stray = left.Where(n => !map.Keys.Any(k => n.StartsWith(k[..k.IndexOf(".ops.", StringComparison.Ordinal)] + ".", StringComparison.Ordinal)) ||
                                    n.Contains(".ops.", StringComparison.Ordinal)).ToArray();
        if (stray.Length > 0)
            throw new InvalidDataException($"Warm start of the child: {stray.Length} tensor(s) have no source in the candidate network, e.g. '{stray[0]}'.");
        return left;
    }
}
