namespace NasSharp.Strategies.Petridish;

using NasSharp.Cost;

/// <summary>
/// The gallery's frontier and parent choice, as pure functions of the entries: the lower convex hull of (cost,
/// validation error) (<see cref="ParetoFrontier.LowerConvexHull"/>), the ε-hull of both references
/// (petridishnn <c>utils/geometry.py</c> <c>_convex_hull_from_points</c>, archai <c>model_descs_on_front</c>: a point
/// is kept when its error ≤ (1 + ε) × the hull's error interpolated at its cost), and archai's parent draw
/// (<c>petridish_utils.py</c> <c>sample_from_hull</c>).
/// </summary>
public static class PetridishGallery
{
    /// <summary>The hull vertices, cheapest first.</summary>
    public static IReadOnlyList<GalleryEntry> Hull(IEnumerable<GalleryEntry> entries, string axis) =>
        ParetoFrontier.LowerConvexHull(entries, e => e.Cost(axis), e => e.ValidError);

    /// <summary>The hull's error at <paramref name="cost"/>: linear between vertices, the end vertices' errors beyond them.</summary>
    public static double HullErrorAt(IReadOnlyList<GalleryEntry> hull, string axis, double cost)
    {
        if (hull.Count == 0) return double.NaN;
        if (cost <= hull[0].Cost(axis)) return hull[0].ValidError;
        for (var i = 1; i < hull.Count; i++)
        {
            double x0 = hull[i - 1].Cost(axis), x1 = hull[i].Cost(axis);
            if (cost == x1) return hull[i].ValidError; // exactly a vertex's error (no rounding of the interpolation)
            if (cost < x1)
            {
                var t = (cost - x0) / (x1 - x0);
                return hull[i - 1].ValidError + t * (hull[i].ValidError - hull[i - 1].ValidError);
            }
        }
        return hull[^1].ValidError;
    }

    /// <summary>The entries within the ε-band above the hull (hull vertices included), in gallery order.</summary>
    public static IReadOnlyList<GalleryEntry> EpsilonHull(IReadOnlyList<GalleryEntry> entries, string axis, double epsilon)
    {
        var hull = Hull(entries, axis);
        return entries.Where(e => double.IsFinite(e.Cost(axis)) && double.IsFinite(e.ValidError) &&
                                  e.ValidError <= HullErrorAt(hull, axis, e.Cost(axis)) * (1 + epsilon)).ToArray();
    }

    /// <summary>archai's sampling probabilities over <paramref name="points"/>: score = 1/(1 + scaled sampling count) +
    /// 1/(1 + scaled cost), each min-max scaled over the points (range = max − min, or max when they are equal, or 1
    /// when that is 0), normalised to sum to 1.</summary>
    public static double[] Probabilities(IReadOnlyList<GalleryEntry> points, string axis)
    {
        var counts = Scale(points.Select(p => (double)p.Sampled).ToArray());
        var costs = Scale(points.Select(p => p.Cost(axis)).ToArray());
        var scores = counts.Zip(costs, (c, m) => 1 / (1 + c) + 1 / (1 + m)).ToArray();
        var total = scores.Sum();
        return scores.Select(s => s / total).ToArray();
    }

    /// <summary>Draws a parent from the ε-hull with <see cref="Probabilities"/> (one uniform draw of <paramref name="random"/>).</summary>
    /// <exception cref="InvalidOperationException">The gallery has no finite point.</exception>
    public static GalleryEntry SampleParent(IReadOnlyList<GalleryEntry> entries, string axis, double epsilon, Random random)
    {
        var points = EpsilonHull(entries, axis, epsilon);
        if (points.Count == 0) throw new InvalidOperationException("The gallery has no model with a finite error and cost to grow.");
        var p = Probabilities(points, axis);
        var u = random.NextDouble();
        var acc = 0.0;
        for (var i = 0; i < points.Count; i++)
        {
            acc += p[i];
            if (u < acc) return points[i];
        }
        return points[^1];
    }

    private static double[] Scale(double[] values)
    {
        double min = values.Min(), max = values.Max();
        var range = max - min;
        if (range == 0) range = max;
        if (range == 0) range = 1;
        return values.Select(v => (v - min) / range).ToArray();
    }
}
