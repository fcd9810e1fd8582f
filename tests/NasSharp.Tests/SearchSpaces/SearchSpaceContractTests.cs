namespace NasSharp.Tests.SearchSpaces;

using NasSharp.SearchSpaces;

/// <summary>One contract over every registered space: seeded samples are reproducible, diverse, and round-trip
/// exactly through the versioned JSON.</summary>
public sealed class SearchSpaceContractTests
{
    public static TheoryData<string> Spaces => new(SearchSpaceCatalog.Names);

    [Theory]
    [MemberData(nameof(Spaces))]
    public void Sample_Seeded_ReproducibleDiverseAndJsonRoundTrips(string name)
    {
        var space = SearchSpaceCatalog.Get(name);
        Assert.Equal(name, space.Name);
        var samples = Enumerable.Range(0, 30).Select(i => space.Sample(new Random(i))).ToArray();
        Assert.Equal(samples, Enumerable.Range(0, 30).Select(i => space.Sample(new Random(i))));
        Assert.True(samples.Distinct().Count() > 25, $"{name}: only {samples.Distinct().Count()} distinct samples of 30");
        foreach (var s in samples) Assert.Equal(s, ArchitectureJson.Deserialize(ArchitectureJson.Serialize(s)));
    }

    [Fact]
    public void EnasMicroSample_Always_ValidWithLooseEndConcatAndFixedArcRoundTrip()
    {
        var space = new EnasMicroSearchSpace();
        for (var i = 0; i < 100; i++)
        {
            var g = space.Sample(new Random(i));
            space.Validate(g);
            Assert.Equal(g.Normal.LooseEnds(), g.Normal.Concat);
            Assert.Equal(g, EnasFixedArc.ParseMicro(EnasFixedArc.FormatMicro(g)));
        }
    }

    [Fact]
    public void EnasMicroValidate_ConcatNotLooseEnds_SaysWhichCellAndWhatIsExpected()
    {
        var g = PublishedArchitectures.Get("ENAS") as CellGenotype;
        var wrong = g! with { Reduce = new Cell(g.Reduce.Edges, [2, 3]) };
        var ex = Assert.Throws<ArchitectureFormatException>(() => new EnasMicroSearchSpace().Validate(wrong));
        Assert.Contains("reduce concat", ex.Message);
        Assert.Contains(string.Join(", ", g.Reduce.LooseEnds()), ex.Message);
    }
}
