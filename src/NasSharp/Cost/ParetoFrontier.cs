namespace NasSharp.Cost;

/// <summary>
/// Pareto frontiers of error vs cost (both minimised), as pure functions of the items given: the non-dominated set
/// (<see cref="Compute"/>) and Petridish's frontier, the lower convex hull (<see cref="LowerConvexHull"/>).
/// Items whose cost or error is NaN or infinite are ignored by both.
/// </summary>
public static class ParetoFrontier
{
    /// <summary>
    /// The items no other item dominates. An item dominates another when its cost and its error are both no larger
    /// and at least one is smaller. Exact duplicates (same cost and same error) do not dominate each other, so all
    /// copies of a non-dominated point are returned.
    /// </summary>
    /// <typeparam name="T">Item type.</typeparam>
    /// <param name="items">The items (e.g. finished trials).</param>
    /// <param name="cost">Cost of an item (parameters, MACs, latency, ...), smaller is better.</param>
    /// <param name="error">Error of an item (e.g. 1 − accuracy), smaller is better.</param>
    /// <returns>The non-dominated items, sorted by cost ascending (error descending follows); ties keep input order.</returns>
    public static IReadOnlyList<T> Compute<T>(IEnumerable<T> items, Func<T, double> cost, Func<T, double> error)
    {
        var sorted = Sorted(items, cost, error);
        var result = new List<T>();
        double bestError = double.PositiveInfinity;
        int i = 0;
        while (i < sorted.Count)
        {
            // One group of equal cost: its lowest error is sorted first; keep every item with that error
            // if it beats every cheaper item.
            int j = i;
            double c = sorted[i].Cost, groupBest = sorted[i].Error;
            while (j < sorted.Count && sorted[j].Cost == c) j++;
            if (groupBest < bestError)
            {
                for (int k = i; k < j && sorted[k].Error == groupBest; k++) result.Add(sorted[k].Item);
                bestError = groupBest;
            }

            i = j;
        }

        return result;
    }

    /// <summary>
    /// Petridish's frontier: the vertices of the lower convex hull of the (cost, error) points that run from the
    /// cheapest point (lowest error among equally cheap ones) down to the most accurate point (cheapest among equally
    /// accurate ones); the rest of the lower hull, where error rises again, is dominated and left out. Points that lie
    /// on a hull edge between two vertices (collinear) are not vertices and are left out; of exact duplicates only
    /// the first is kept. Zero, one or two points are returned as they are (one per distinct point, dominated ones
    /// dropped). Every returned item is also in <see cref="Compute"/>'s result.
    /// </summary>
    /// <typeparam name="T">Item type.</typeparam>
    /// <param name="items">The items (e.g. finished trials).</param>
    /// <param name="cost">Cost of an item, smaller is better.</param>
    /// <param name="error">Error of an item, smaller is better.</param>
    /// <returns>The hull vertices sorted by cost ascending (error strictly descending).</returns>
    public static IReadOnlyList<T> LowerConvexHull<T>(IEnumerable<T> items, Func<T, double> cost, Func<T, double> error)
    {
        // Only non-dominated points can be on the descending part of the lower hull; one per distinct point.
        var sorted = Sorted(Compute(items, cost, error), cost, error);
        var points = new List<(T Item, double Cost, double Error)>();
        foreach (var p in sorted)
        {
            if (points.Count == 0 || points[^1].Cost != p.Cost || points[^1].Error != p.Error) points.Add(p);
        }

        // Monotone chain over points with strictly increasing cost and strictly decreasing error: keep only
        // counter-clockwise (left) turns, which makes the chain convex from below.
        var hull = new List<(T Item, double Cost, double Error)>();
        foreach (var p in points)
        {
            while (hull.Count >= 2 && Cross(hull[^2], hull[^1], p) <= 0) hull.RemoveAt(hull.Count - 1);
            hull.Add(p);
        }

        return hull.Select(h => h.Item).ToArray();
    }

    private static double Cross<T>(
        (T Item, double Cost, double Error) o, (T Item, double Cost, double Error) a, (T Item, double Cost, double Error) b) =>
        (a.Cost - o.Cost) * (b.Error - o.Error) - (a.Error - o.Error) * (b.Cost - o.Cost);

    private static List<(T Item, double Cost, double Error)> Sorted<T>(
        IEnumerable<T> items, Func<T, double> cost, Func<T, double> error)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(error);
        return items
            .Select(t => (Item: t, Cost: cost(t), Error: error(t)))
            .Where(p => double.IsFinite(p.Cost) && double.IsFinite(p.Error))
            .OrderBy(p => p.Cost).ThenBy(p => p.Error)
            .ToList();
    }
}
