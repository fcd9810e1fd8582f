namespace NasSharp.Tests.Strategies;

using NasSharp.SearchSpaces;

/// <summary>NB201 mutation: one edge changes, to another op, and the edge and op are spread over all choices.</summary>
public sealed class Nb201MutationTests
{
    private readonly Nb201SearchSpace _space = new();

    [Fact]
    public void Mutate_ManySeeds_ChildValidAndDiffersInExactlyOneEdge()
    {
        var edges = new int[6];
        var newOps = new Dictionary<string, int>();
        for (var seed = 0; seed < 3000; seed++)
        {
            var parent = _space.Sample(new Random(seed));
            var child = _space.Mutate(parent, new Random(seed + 100_000));
            _space.Validate(child);
            var changed = Enumerable.Range(0, 6).Where(e => parent.Ops[e] != child.Ops[e]).ToArray();
            Assert.Single(changed);
            edges[changed[0]]++;
            newOps[child.Ops[changed[0]]] = newOps.GetValueOrDefault(child.Ops[changed[0]]) + 1;
        }
        // Uniform over the 6 edges (500 expected each) and every op reachable as a new op (600 expected each).
        Assert.All(edges, n => Assert.InRange(n, 400, 600));
        Assert.Equal(5, newOps.Count);
        Assert.All(newOps.Values, n => Assert.InRange(n, 480, 720));
    }

    [Fact]
    public void Mutate_OneParentManySeeds_ReachesAllTwentyFourNeighbours()
    {
        var parent = new Nb201Genotype(["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3", "none"]);
        var children = Enumerable.Range(0, 2000).Select(s => _space.Mutate(parent, new Random(s))).ToHashSet();
        Assert.Equal(6 * 4, children.Count);
        Assert.DoesNotContain(parent, children);
    }

    [Fact]
    public void Mutate_ThroughTheInterface_SameAsTypedAndRefusesOtherSpaces()
    {
        IMutableSearchSpace space = _space;
        var parent = _space.Sample(new Random(7));
        Assert.Equal(_space.Mutate(parent, new Random(8)), space.Mutate(parent, new Random(8)));
        var other = new CellSearchSpace().Sample(new Random(1));
        var e = Assert.Throws<ArgumentException>(() => space.Mutate(other, new Random(1)));
        Assert.Contains("nb201 space mutates NAS-Bench-201 cells", e.Message);
    }

    [Fact]
    public void Mutate_InvalidParent_ThrowsNamingTheEdge()
    {
        var bad = new Nb201Genotype(["none", "conv_7x7", "none", "none", "none", "none"]);
        var e = Assert.Throws<ArchitectureFormatException>(() => _space.Mutate(bad, new Random(1)));
        Assert.Contains("conv_7x7", e.Message);
    }
}
