namespace NasSharp.Tests.SearchSpaces;

using NasSharp.SearchSpaces;

/// <summary>Derivation of discrete cells from mixing weights, checked against hand-set α (DARTS <c>genotype()</c>).</summary>
public sealed class GenotypeDerivationTests
{
    private static readonly IReadOnlyList<string> Ops = OpNames.Darts; // none, max, avg, skip, sep3, sep5, dil3, dil5

    private static float[] Row(params (string Op, float W)[] weights)
    {
        var row = Enumerable.Repeat(0.01f, Ops.Count).ToArray();
        foreach (var (op, w) in weights) row[Ops.ToList().IndexOf(op)] = w;
        return row;
    }

    [Fact]
    public void DartsCell_HandSetWeights_PicksTwoStrongestNonNoneEdgesPerNode()
    {
        var w = new List<IReadOnlyList<float>>
        {
            // node 2: inputs 0, 1
            Row(("sep_conv_3x3", 0.6f)), Row(("skip_connect", 0.7f)),
            // node 3: inputs 0, 1, 2 — input 1 has a huge `none`, which must not count; inputs 2 and 0 win
            Row(("dil_conv_3x3", 0.3f)), Row(("none", 0.9f), ("max_pool_3x3", 0.1f)), Row(("sep_conv_5x5", 0.5f)),
            // node 4: inputs 0..3
            Row(("avg_pool_3x3", 0.2f)), Row(("max_pool_3x3", 0.4f)), Row(("dil_conv_5x5", 0.45f)), Row(("sep_conv_3x3", 0.1f)),
            // node 5: inputs 0..4; the best op of input 4 is the second largest entry once `none` is excluded
            Row(("skip_connect", 0.05f)), Row(), Row(), Row(("sep_conv_3x3", 0.3f)), Row(("none", 0.95f), ("dil_conv_3x3", 0.35f)),
        };
        var cell = GenotypeDerivation.DartsCell(w, Ops, 4);
        Assert.Equal(new[]
        {
            new OpEdge("skip_connect", 1), new OpEdge("sep_conv_3x3", 0),
            new OpEdge("sep_conv_5x5", 2), new OpEdge("dil_conv_3x3", 0),
            new OpEdge("dil_conv_5x5", 2), new OpEdge("max_pool_3x3", 1),
            new OpEdge("dil_conv_3x3", 4), new OpEdge("sep_conv_3x3", 3),
        }, cell.Edges);
        Assert.Equal([2, 3, 4, 5], cell.Concat);
    }

    [Fact]
    public void DartsCell_WrongShape_ThrowsNamingEdgeCount()
    {
        var ex = Assert.Throws<ArgumentException>(() => GenotypeDerivation.DartsCell([Row(), Row()], Ops, 4));
        Assert.Contains("14 edges", ex.Message);
    }

    [Fact]
    public void Nb201_HandSetWeights_TakesArgmaxIncludingNone()
    {
        var ops = OpNames.Nb201; // none, skip, conv1x1, conv3x3, avgpool
        float[] R(int k) => Enumerable.Range(0, ops.Count).Select(i => i == k ? 0.5f : 0.1f).ToArray();
        var g = GenotypeDerivation.Nb201([R(0), R(1), R(2), R(3), R(4), R(3)], ops);
        Assert.Equal(new Nb201Genotype(["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3", "nor_conv_3x3"]), g);
    }
}
