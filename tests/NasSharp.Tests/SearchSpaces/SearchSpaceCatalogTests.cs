namespace NasSharp.Tests.SearchSpaces;

using NasSharp.SearchSpaces;

public sealed class SearchSpaceCatalogTests
{
    [Theory]
    [InlineData("nas-bench-201", "nb201")]
    [InlineData("NASBench201", "nb201")]
    [InlineData("nasbench-201", "nb201")]
    [InlineData("nb-201", "nb201")]
    [InlineData("NB201", "nb201")]
    [InlineData("darts", "darts")]
    [InlineData("DARTS-CNN", "darts")]
    [InlineData("enas_micro", "enas-micro")]
    public void Canonical_AliasOrAnyCase_GivesTheRegisteredName(string name, string expected) =>
        Assert.Equal(expected, SearchSpaceCatalog.Canonical(name));

    [Fact]
    public void Get_Alias_GivesTheSameSpaceAsTheCanonicalName()
    {
        Assert.IsType<Nb201SearchSpace>(SearchSpaceCatalog.Get("nas-bench-201"));
        Assert.IsType<CellSearchSpace>(SearchSpaceCatalog.Get("nasnet"));
    }

    [Fact]
    public void Names_ListsOnlyCanonicalNames() =>
        Assert.Equal(["darts", "nb201", "enas-micro", "enas-macro", "enas-rnn", "petridish"], SearchSpaceCatalog.Names);

    [Fact]
    public void Canonical_UnknownName_ThrowsListingValidNames()
    {
        var e = Assert.Throws<ArgumentException>(() => SearchSpaceCatalog.Canonical("nasbench101"));
        Assert.StartsWith("Unknown search space 'nasbench101'. Valid spaces: darts, nb201, enas-micro, enas-macro, enas-rnn", e.Message);
    }
}
