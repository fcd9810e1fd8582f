namespace NasSharp.Export;

/// <summary>
/// Layered left-to-right layout of a <see cref="CellGraph"/> (a small Sugiyama scheme): layer = longest path
/// from the inputs (outputs pushed to the last layer), virtual points for edges that span several layers,
/// barycentre ordering inside layers to cut crossings, edge ports spread along node sides, and edge labels
/// slid along their edge until they overlap no node and no other label.
/// </summary>
internal sealed class CellLayout
{
    /// <summary>Font size of node labels.</summary>
    public const double NodeFontSize = 15;

    /// <summary>Font size of edge labels.</summary>
    public const double LabelFontSize = 13;

    private const double NodeHeight = 34;
    private const double MinNodeWidth = 56;
    private const double NodePaddingX = 14;
    private const double VirtualHeight = 16;
    private const double SlotGap = 30;
    private const double MinColumnGap = 64;
    private const double LabelMargin = 26;
    private const double PortSpacing = 9;
    private const double CrowdedGapFactor = 1.0;
    private const int PathSamples = 80;
    private const double LabelLift = LabelFontSize * 0.5 + 2;
    private const double EdgeHitCost = 10;

    private static readonly double[] LabelPositions =
        [0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8, 0.15, 0.85];

    private CellLayout(IReadOnlyList<PlacedNode> nodes, IReadOnlyList<PlacedEdge> edges)
    {
        Nodes = nodes;
        Edges = edges;
        double minX = 0, minY = 0, maxX = 0, maxY = 0;
        bool any = false;
        void Grow(double x0, double y0, double x1, double y1)
        {
            if (!any) { (minX, minY, maxX, maxY, any) = (x0, y0, x1, y1, true); return; }
            minX = Math.Min(minX, x0); minY = Math.Min(minY, y0);
            maxX = Math.Max(maxX, x1); maxY = Math.Max(maxY, y1);
        }

        foreach (var n in nodes) Grow(n.X, n.Y, n.X + n.Width, n.Y + n.Height);
        foreach (var e in edges)
        {
            foreach (var s in e.Segments)
                foreach (var p in new[] { s.P0, s.C1, s.C2, s.P3 }) Grow(p.X, p.Y, p.X, p.Y);
            if (e.LabelAt is { } c && e.Edge.Label is { } text)
            {
                var box = LabelBox(c, text);
                Grow(box.X0, box.Y0, box.X1, box.Y1);
            }
        }

        (MinX, MinY, MaxX, MaxY) = (minX, minY, maxX, maxY);
    }

    /// <summary>Placed nodes, in graph order.</summary>
    public IReadOnlyList<PlacedNode> Nodes { get; }

    /// <summary>Placed edges, in graph order.</summary>
    public IReadOnlyList<PlacedEdge> Edges { get; }

    /// <summary>Left of the bounding box of everything drawn.</summary>
    public double MinX { get; }

    /// <summary>Top of the bounding box of everything drawn.</summary>
    public double MinY { get; }

    /// <summary>Right of the bounding box of everything drawn.</summary>
    public double MaxX { get; }

    /// <summary>Bottom of the bounding box of everything drawn.</summary>
    public double MaxY { get; }

    /// <summary>Width of the bounding box.</summary>
    public double Width => MaxX - MinX;

    /// <summary>Height of the bounding box.</summary>
    public double Height => MaxY - MinY;

    /// <summary>Estimated width of <paramref name="text"/> in a sans-serif font of size <paramref name="fontSize"/>.</summary>
    public static double TextWidth(string text, double fontSize) => text.Length * fontSize * 0.6;

    /// <summary>Box taken by an edge label centred at <paramref name="c"/>.</summary>
    public static (double X0, double Y0, double X1, double Y1) LabelBox(LayoutPoint c, string text)
    {
        double w = TextWidth(text, LabelFontSize) + 10, h = LabelFontSize + 7;
        return (c.X - w / 2, c.Y - h / 2, c.X + w / 2, c.Y + h / 2);
    }

    /// <summary>Lays out <paramref name="graph"/>.</summary>
    public static CellLayout Compute(CellGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int n = graph.Nodes.Count;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++) index[graph.Nodes[i].Id] = i;
        var edgeEnds = graph.Edges.Select(e => (From: index[e.From], To: index[e.To])).ToArray();

        int[] layer = AssignLayers(graph, edgeEnds);
        int layerCount = n == 0 ? 0 : layer.Max() + 1;

        // Vertices: the real nodes first (vertex i = node i), then one virtual vertex per layer crossed by a long edge.
        var vLayer = new List<int>(layer);
        var chains = new List<int>[edgeEnds.Length];
        for (int k = 0; k < edgeEnds.Length; k++)
        {
            var (u, v) = edgeEnds[k];
            chains[k] = [u];
            for (int l = layer[u] + 1; l < layer[v]; l++)
            {
                vLayer.Add(l);
                chains[k].Add(vLayer.Count - 1);
            }

            chains[k].Add(v);
        }

        int vertexCount = vLayer.Count;
        var layers = Enumerable.Range(0, layerCount).Select(_ => new List<int>()).ToArray();
        for (int v = 0; v < vertexCount; v++) layers[vLayer[v]].Add(v);

        var links = chains.SelectMany(c => c.Zip(c.Skip(1))).ToArray();
        var up = Enumerable.Range(0, vertexCount).Select(_ => new List<int>()).ToArray();
        var down = Enumerable.Range(0, vertexCount).Select(_ => new List<int>()).ToArray();
        foreach (var (a, b) in links)
        {
            down[a].Add(b);
            up[b].Add(a);
        }

        var pos = new double[vertexCount];
        OrderLayers(layers, links, vLayer, up, down, pos);

        // Sizes and coordinates.
        var width = new double[vertexCount];
        var height = new double[vertexCount];
        for (int v = 0; v < vertexCount; v++)
        {
            bool real = v < n;
            width[v] = real ? Math.Max(MinNodeWidth, TextWidth(graph.Nodes[v].Label, NodeFontSize) + 2 * NodePaddingX) : 0;
            height[v] = real ? NodeHeight : VirtualHeight;
        }

        // Gap after each layer: room for the widest label crossing it, more when many labels share it.
        var columnGap = new double[Math.Max(layerCount, 1)];
        for (int l = 0; l < columnGap.Length; l++)
        {
            var crossing = graph.Edges.Where((e, k) => !string.IsNullOrEmpty(e.Label)
                && layer[edgeEnds[k].From] <= l && l < layer[edgeEnds[k].To])
                .Select(e => TextWidth(e.Label!, LabelFontSize)).ToArray();
            double widest = crossing.DefaultIfEmpty(0).Max();
            double crowd = crossing.Length > 3 ? CrowdedGapFactor * widest : 0;
            columnGap[l] = Math.Max(MinColumnGap, widest + crowd + 2 * LabelMargin);
        }

        var centerX = new double[vertexCount];
        var centerY = new double[vertexCount];
        double[] layerHeight = layers.Select(l => l.Sum(v => height[v]) + SlotGap * Math.Max(0, l.Count - 1)).ToArray();
        double tallest = layerHeight.DefaultIfEmpty(0).Max();
        double left = 0;
        for (int l = 0; l < layerCount; l++)
        {
            double columnWidth = layers[l].Select(v => width[v]).DefaultIfEmpty(0).Max();
            columnWidth = Math.Max(columnWidth, 20);
            double y = (tallest - layerHeight[l]) / 2;
            foreach (int v in layers[l])
            {
                centerX[v] = left + columnWidth / 2;
                centerY[v] = y + height[v] / 2;
                y += height[v] + SlotGap;
            }

            left += columnWidth + columnGap[l];
        }

        var placedNodes = Enumerable.Range(0, n).Select(v => new PlacedNode(
            graph.Nodes[v], centerX[v] - width[v] / 2, centerY[v] - height[v] / 2, width[v], height[v])).ToList();

        // Ports: links leaving (entering) a real node are spread along its right (left) side, ordered by the
        // height of the other end so that they do not cross at the node.
        var outPort = new Dictionary<(int, int), double>();
        var inPort = new Dictionary<(int, int), double>();
        for (int v = 0; v < n; v++)
        {
            Spread(v, down[v].OrderBy(b => centerY[b]).ThenBy(b => centerX[b]).ToList(), outPort, (v2, b) => (v2, b));
            Spread(v, up[v].OrderBy(a => centerY[a]).ThenBy(a => centerX[a]).ToList(), inPort, (v2, a) => (a, v2));
        }

        void Spread(int v, List<int> others, Dictionary<(int, int), double> ports, Func<int, int, (int, int)> key)
        {
            int k = others.Count;
            double spacing = k > 1 ? Math.Min(PortSpacing, (height[v] - 10) / (k - 1)) : 0;
            for (int i = 0; i < k; i++)
                ports[key(v, others[i])] = centerY[v] + (i - (k - 1) / 2.0) * spacing;
        }

        LayoutPoint Start(int a, int b) => a < n
            ? new LayoutPoint(centerX[a] + width[a] / 2, outPort[(a, b)])
            : new LayoutPoint(centerX[a], centerY[a]);
        LayoutPoint End(int a, int b) => b < n
            ? new LayoutPoint(centerX[b] - width[b] / 2, inPort[(a, b)])
            : new LayoutPoint(centerX[b], centerY[b]);

        var segments = chains.Select(c => (IReadOnlyList<Bezier>)c.Zip(c.Skip(1))
            .Select(p => Bezier.Horizontal(Start(p.First, p.Second), End(p.First, p.Second))).ToArray()).ToArray();

        // Labels sit just above their edge; each slides along it to the spot that overlaps the fewest nodes,
        // placed labels and other edges.
        var taken = placedNodes.Select(p => (p.X - 3, p.Y - 3, p.X + p.Width + 3, p.Y + p.Height + 3)).ToList();
        var samples = segments.Select(path => Enumerable.Range(0, PathSamples + 1)
            .Select(i => PointAt(path, (double)i / PathSamples)).ToArray()).ToArray();
        var placedEdges = new List<PlacedEdge>();
        for (int k = 0; k < graph.Edges.Count; k++)
        {
            var edge = graph.Edges[k];
            LayoutPoint? at = null;
            if (!string.IsNullOrEmpty(edge.Label))
            {
                double bestCost = double.MaxValue;
                foreach (double u in LabelPositions)
                {
                    var onEdge = PointAt(segments[k], u);
                    var c = new LayoutPoint(onEdge.X, onEdge.Y - LabelLift);
                    var box = LabelBox(c, edge.Label);
                    double crossed = samples.Where((pts, j) => j != k).Sum(pts => pts.Count(p => Inside(box, p)));
                    double cost = taken.Sum(t => Overlap(box, t)) + EdgeHitCost * crossed + Math.Abs(u - 0.5);
                    if (cost < bestCost) (bestCost, at) = (cost, c);
                }

                taken.Add(LabelBox(at!.Value, edge.Label));
            }

            placedEdges.Add(new PlacedEdge(edge, segments[k], at));
        }

        return new CellLayout(placedNodes, placedEdges);
    }

    /// <summary>Longest-path layers: sources at 0, intermediate nodes at least 1 when the graph has inputs,
    /// sink outputs on the last layer.</summary>
    private static int[] AssignLayers(CellGraph graph, (int From, int To)[] edgeEnds)
    {
        int n = graph.Nodes.Count;
        var layer = new int[n];
        bool hasInputs = graph.Nodes.Any(x => x.Kind == CellNodeKind.Input);
        foreach (int v in graph.TopologicalOrder())
        {
            int l = edgeEnds.Where(e => e.To == v).Select(e => layer[e.From] + 1).DefaultIfEmpty(0).Max();
            if (hasInputs && graph.Nodes[v].Kind != CellNodeKind.Input) l = Math.Max(l, 1);
            layer[v] = l;
        }

        int last = n == 0 ? 0 : layer.Max();
        for (int v = 0; v < n; v++)
        {
            if (graph.Nodes[v].Kind == CellNodeKind.Output && edgeEnds.All(e => e.From != v)) layer[v] = last;
        }

        return layer;
    }

    /// <summary>Barycentre sweeps (down, then up) keeping the order with fewest crossings; layer 0 stays in
    /// node order so the cell inputs read top to bottom.</summary>
    private static void OrderLayers(List<int>[] layers, (int, int)[] links, List<int> vLayer, List<int>[] up, List<int>[] down, double[] pos)
    {
        void Renumber(List<int> l)
        {
            for (int i = 0; i < l.Count; i++) pos[l[i]] = i;
        }

        foreach (var l in layers) Renumber(l);
        var best = layers.Select(l => l.ToList()).ToArray();
        int bestCrossings = Crossings(links, vLayer, pos);

        void Sort(int l, List<int>[] neighbours)
        {
            var sorted = layers[l]
                .OrderBy(v => neighbours[v].Count > 0 ? neighbours[v].Average(w => pos[w]) : pos[v])
                .ThenBy(v => pos[v]).ToList();
            layers[l].Clear();
            layers[l].AddRange(sorted);
            Renumber(layers[l]);
        }

        void Keep()
        {
            int c = Crossings(links, vLayer, pos);
            if (c >= bestCrossings) return;
            bestCrossings = c;
            best = layers.Select(l => l.ToList()).ToArray();
        }

        for (int iter = 0; iter < 8 && bestCrossings > 0; iter++)
        {
            for (int l = 1; l < layers.Length; l++) Sort(l, up);
            Keep();
            for (int l = layers.Length - 2; l >= 1; l--) Sort(l, down);
            Keep();
        }

        for (int l = 0; l < layers.Length; l++)
        {
            layers[l] = best[l];
            Renumber(layers[l]);
        }
    }

    private static int Crossings((int A, int B)[] links, List<int> vLayer, double[] pos)
    {
        int count = 0;
        for (int i = 0; i < links.Length; i++)
        {
            for (int j = i + 1; j < links.Length; j++)
            {
                var (a1, b1) = links[i];
                var (a2, b2) = links[j];
                if (a1 == a2 || b1 == b2) continue;
                // Links between the same pair of layers cross when their ends are in opposite orders.
                if ((pos[a1] - pos[a2]) * (pos[b1] - pos[b2]) < 0 && vLayer[a1] == vLayer[a2]) count++;
            }
        }

        return count;
    }

    private static LayoutPoint PointAt(IReadOnlyList<Bezier> path, double u)
    {
        double s = u * path.Count;
        int i = Math.Min((int)s, path.Count - 1);
        return path[i].At(s - i);
    }

    private static bool Inside((double X0, double Y0, double X1, double Y1) box, LayoutPoint p) =>
        p.X > box.X0 && p.X < box.X1 && p.Y > box.Y0 && p.Y < box.Y1;

    private static double Overlap((double X0, double Y0, double X1, double Y1) a, (double X0, double Y0, double X1, double Y1) b)
    {
        double w = Math.Min(a.X1, b.X1) - Math.Max(a.X0, b.X0);
        double h = Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0);
        return w > 0 && h > 0 ? w * h : 0;
    }
}
