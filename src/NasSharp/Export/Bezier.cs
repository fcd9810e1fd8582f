namespace NasSharp.Export;

/// <summary>A cubic Bézier segment of an edge path.</summary>
/// <param name="P0">Start point.</param>
/// <param name="C1">First control point.</param>
/// <param name="C2">Second control point.</param>
/// <param name="P3">End point.</param>
internal readonly record struct Bezier(LayoutPoint P0, LayoutPoint C1, LayoutPoint C2, LayoutPoint P3)
{
    /// <summary>A left-to-right S-curve from <paramref name="from"/> to <paramref name="to"/> that leaves and
    /// arrives horizontally (a straight line when both lie at the same height).</summary>
    public static Bezier Horizontal(LayoutPoint from, LayoutPoint to)
    {
        double dx = (to.X - from.X) * 0.5;
        return new Bezier(from, new LayoutPoint(from.X + dx, from.Y), new LayoutPoint(to.X - dx, to.Y), to);
    }

    /// <summary>The point at parameter <paramref name="t"/> in [0, 1].</summary>
    public LayoutPoint At(double t)
    {
        double u = 1 - t;
        double a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
        return new LayoutPoint(
            a * P0.X + b * C1.X + c * C2.X + d * P3.X,
            a * P0.Y + b * C1.Y + c * C2.Y + d * P3.Y);
    }
}
