using NasSharp.Cost;

namespace NasSharp.Tests.Cost;

public class ParetoFrontierTests
{
    private sealed record P(string Name, double Cost, double Error);

    private static string[] Frontier(params P[] points) =>
        ParetoFrontier.Compute(points, p => p.Cost, p => p.Error).Select(p => p.Name).ToArray();

    private static string[] Hull(params P[] points) =>
        ParetoFrontier.LowerConvexHull(points, p => p.Cost, p => p.Error).Select(p => p.Name).ToArray();

    [Fact]
    public void Compute_DominatedPoints_AreExcludedAndResultSortedByCost()
    {
        string[] front = Frontier(
            new P("c", 3, 2), new P("dominated", 4, 6), new P("a", 1, 9), new P("b", 2, 5),
            new P("dominated2", 3.5, 2), new P("d", 6, 1));

        Assert.Equal(["a", "b", "c", "d"], front);
    }

    [Fact]
    public void Compute_SameCostHigherError_IsDominated()
    {
        Assert.Equal(["low"], Frontier(new P("high", 1, 5), new P("low", 1, 3)));
    }

    [Fact]
    public void Compute_SameErrorHigherCost_IsDominated()
    {
        Assert.Equal(["cheap"], Frontier(new P("dear", 5, 3), new P("cheap", 1, 3)));
    }

    [Fact]
    public void Compute_ExactDuplicates_AreAllKeptInInputOrder()
    {
        Assert.Equal(["x1", "x2", "y"], Frontier(new P("x1", 1, 5), new P("x2", 1, 5), new P("y", 2, 4)));
    }

    [Fact]
    public void Compute_NonFiniteValues_AreIgnored()
    {
        Assert.Equal(["ok"], Frontier(new P("nan", double.NaN, 0), new P("inf", 0, double.PositiveInfinity), new P("ok", 3, 3)));
    }

    [Fact]
    public void Compute_Empty_IsEmpty()
    {
        Assert.Empty(Frontier());
    }

    [Fact]
    public void LowerConvexHull_ZeroOneTwoPoints_AreTrivial()
    {
        Assert.Empty(Hull());
        Assert.Equal(["a"], Hull(new P("a", 1, 1)));
        Assert.Equal(["a", "b"], Hull(new P("b", 2, 1), new P("a", 1, 2)));
        Assert.Equal(["a"], Hull(new P("a", 1, 1), new P("worse", 2, 2)));
    }

    [Fact]
    public void LowerConvexHull_ParetoPointAboveTheHull_IsExcluded()
    {
        // b is non-dominated but lies above the segment a-c, so it is not on the lower convex hull.
        var points = new[] { new P("a", 0, 10), new P("b", 5, 6), new P("c", 10, 0), new P("d", 12, 5) };

        Assert.Equal(["a", "b", "c"], Frontier(points));
        Assert.Equal(["a", "c"], Hull(points));
    }

    [Fact]
    public void LowerConvexHull_ConvexFrontier_KeepsEveryParetoPoint()
    {
        var points = new[]
        {
            new P("a", 1, 10), new P("b", 2, 6), new P("c", 4, 3), new P("d", 8, 2), new P("inside", 5, 7),
        };

        Assert.Equal(["a", "b", "c", "d"], Hull(points));
    }

    [Fact]
    public void LowerConvexHull_CollinearPoints_KeepsOnlyTheEnds()
    {
        Assert.Equal(["a", "d"], Hull(new P("a", 0, 3), new P("b", 1, 2), new P("c", 2, 1), new P("d", 3, 0)));
    }

    [Fact]
    public void LowerConvexHull_Duplicates_KeepsTheFirstCopy()
    {
        Assert.Equal(["a1", "b"], Hull(new P("a1", 1, 5), new P("a2", 1, 5), new P("b", 3, 1), new P("b2", 3, 1)));
    }

    [Fact]
    public void LowerConvexHull_EndsAtTheMostAccuratePoint()
    {
        // Beyond the lowest error the lower hull rises again; those points are dominated and left out.
        var hull = Hull(new P("a", 1, 8), new P("best", 4, 1), new P("dear", 9, 1), new P("rising", 10, 3));

        Assert.Equal(["a", "best"], hull);
    }

    [Fact]
    public void LowerConvexHull_IsSubsetOfCompute()
    {
        var rng = new Random(3);
        var points = Enumerable.Range(0, 200).Select(i => new P($"p{i}", rng.NextDouble() * 100, rng.NextDouble() * 100)).ToArray();

        var front = Frontier(points);
        var hull = Hull(points);

        Assert.NotEmpty(hull);
        Assert.All(hull, h => Assert.Contains(h, front));
        var hp = hull.Select(h => points.Single(p => p.Name == h)).ToArray();
        for (int i = 1; i < hp.Length; i++)
        {
            Assert.True(hp[i].Cost > hp[i - 1].Cost);
            Assert.True(hp[i].Error < hp[i - 1].Error);
        }

        // Every point lies on or above every hull segment's line (within the segment's cost range).
        for (int i = 1; i < hp.Length; i++)
        {
            var (a, b) = (hp[i - 1], hp[i]);
            foreach (var p in points.Where(p => p.Cost >= a.Cost && p.Cost <= b.Cost))
            {
                double line = a.Error + (b.Error - a.Error) * (p.Cost - a.Cost) / (b.Cost - a.Cost);
                Assert.True(p.Error >= line - 1e-9, $"{p} lies below the hull segment {a}-{b}");
            }
        }
    }
}
