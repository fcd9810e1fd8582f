namespace NasSharp.Tests.Strategies;

using NasSharp.Strategies.Petridish;

/// <summary>The gallery's geometry: the hull against a brute-force check on random point sets, the ε-hull, and archai's
/// parent-sampling probabilities computed by hand.</summary>
public sealed class PetridishGalleryTests
{
    private static GalleryEntry E(string key, long macs, double error, int sampled = 0) =>
        new(key, "seed", null, "{}", 8, 3, error, null, macs / 10, macs, null, sampled);

    // Brute force: p is a hull vertex iff no other point dominates it and it lies strictly below every segment between
    // two non-dominated points that straddle its cost.
    private static HashSet<string> BruteForceHull(IReadOnlyList<GalleryEntry> points)
    {
        bool Dominates(GalleryEntry a, GalleryEntry b) =>
            a.Macs <= b.Macs && a.ValidError <= b.ValidError && (a.Macs < b.Macs || a.ValidError < b.ValidError);
        var front = points.Where(p => !points.Any(q => Dominates(q, p)))
            .GroupBy(p => (p.Macs, p.ValidError)).Select(g => g.First()).ToArray();
        return front.Where(p => !front.Any(a => front.Any(b =>
        {
            if (!(a.Macs < p.Macs && p.Macs < b.Macs)) return false;
            var t = (double)(p.Macs!.Value - a.Macs!.Value) / (b.Macs!.Value - a.Macs.Value);
            return p.ValidError >= a.ValidError + t * (b.ValidError - a.ValidError) - 1e-15;
        }))).Select(p => p.Key).ToHashSet();
    }

    [Fact]
    public void Hull_RandomPointSets_MatchesBruteForce()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var points = Enumerable.Range(0, 3 + random.Next(25))
                .Select(i => E($"m{i}", 1 + random.Next(60), random.Next(40) / 40.0)).ToArray();
            var hull = PetridishGallery.Hull(points, "macs");
            Assert.Equal(BruteForceHull(points), hull.Select(h => h.Key).ToHashSet());
            Assert.True(hull.Zip(hull.Skip(1)).All(p => p.First.Macs < p.Second.Macs && p.First.ValidError > p.Second.ValidError), $"seed {seed}: not a descending chain");
        }
    }

    [Fact]
    public void EpsilonHull_PointsNearAndFarFromTheHull_KeepsThoseWithinTheBand()
    {
        // Hull: (1, 0.30) - (3, 0.20) - (5, 0.15). At cost 4 the hull's error is 0.175; the band is 0.175 * 1.1 = 0.1925.
        var points = new[] { E("a", 1, 0.30), E("b", 3, 0.20), E("c", 5, 0.15), E("near", 4, 0.19), E("far", 4, 0.195), E("beyond", 9, 0.16) };
        var band = PetridishGallery.EpsilonHull(points, "macs", 0.1).Select(p => p.Key).ToArray();
        Assert.Equal(["a", "b", "c", "near", "beyond"], band); // beyond: past the last vertex the hull stays at 0.15, 0.16 <= 0.165
        Assert.Equal(0.175, PetridishGallery.HullErrorAt(PetridishGallery.Hull(points, "macs"), "macs", 4), 12);
        Assert.Equal(["a", "b", "c"], PetridishGallery.EpsilonHull(points, "macs", 0).Select(p => p.Key));
    }

    [Fact]
    public void Probabilities_HandComputed_MatchArchaiScore()
    {
        // counts 0, 2, 4 -> scaled 0, 0.5, 1; MACs 10, 20, 50 -> scaled 0, 0.25, 1.
        var points = new[] { E("a", 10, 0.3, 0), E("b", 20, 0.2, 2), E("c", 50, 0.1, 4) };
        var scores = new[] { 1 + 1.0, 1 / 1.5 + 1 / 1.25, 0.5 + 0.5 };
        var p = PetridishGallery.Probabilities(points, "macs");
        for (var i = 0; i < 3; i++) Assert.Equal(scores[i] / scores.Sum(), p[i], 12);
        // All equal: every score is 2, uniform.
        Assert.All(PetridishGallery.Probabilities([E("x", 5, 0.1, 1), E("y", 5, 0.1, 1)], "macs"), v => Assert.Equal(0.5, v, 12));
    }

    [Fact]
    public void SampleParent_ManyDraws_FollowsTheProbabilitiesAndNeverLeavesTheBand()
    {
        var points = new[] { E("a", 10, 0.3), E("b", 20, 0.2), E("c", 50, 0.1), E("bad", 30, 0.5) };
        var random = new Random(3);
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < 20000; i++)
        {
            var key = PetridishGallery.SampleParent(points, "macs", 0.025, random).Key;
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        Assert.False(counts.ContainsKey("bad"));
        var p = PetridishGallery.Probabilities(points.Take(3).ToArray(), "macs");
        Assert.InRange(counts["a"] / 20000.0 - p[0], -0.02, 0.02);
        Assert.InRange(counts["c"] / 20000.0 - p[2], -0.02, 0.02);
    }
}
