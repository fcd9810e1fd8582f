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
        var random = new Random(7); // one stream: System.Random's first draws for nearby seeds are correlated
        for (var i = 0; i < 3000; i++)
        {
            var parent = _space.Sample(random);
            var child = _space.Mutate(parent, random);
            _space.Validate(child);
            var changed = Enumerable.Range(0, 6).Where(e => parent.Ops[e] != child.Ops[e]).ToArray();
            Assert.Single(changed);
            edges[changed[0]]++;
            newOps[child.Ops[changed[0]]] = newOps.GetValueOrDefault(child.Ops[changed[0]]) + 1;
        }
        // The reference's node-then-edge odds (1/3, 1/6, 1/6, 1/9, 1/9, 1/9: 1000, 500, 500, 333, 333, 333 expected) and
        // every op reachable as a new op (600 expected each).
        Assert.InRange(edges[0], 880, 1120);
        Assert.All(edges[1..3], n => Assert.InRange(n, 410, 590));
        Assert.All(edges[3..], n => Assert.InRange(n, 260, 410));
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
