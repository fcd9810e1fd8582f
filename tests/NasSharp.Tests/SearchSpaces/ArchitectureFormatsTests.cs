namespace NasSharp.Tests.SearchSpaces;

using NasSharp.SearchSpaces;

public sealed class ArchitectureFormatsTests
{
    [Fact]
    public void ToText_DartsCell_IsTheGenotypeTextOnly()
    {
        var g = (CellGenotype)PublishedArchitectures.Get("DARTS_V2");
        var text = ArchitectureFormats.ToText(g);
        Assert.Equal(DartsFormat.Format(g), text);
        Assert.StartsWith("Genotype(normal=[", text);
        Assert.Equal(g, DartsFormat.Parse(text));
    }

    [Fact]
    public void ToText_EnasMicroCell_AddsTheFixedArcLine()
    {
        var g = (CellGenotype)PublishedArchitectures.Get("ENAS");
        var lines = ArchitectureFormats.ToText(g).Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal(DartsFormat.Format(g), lines[0]);
        Assert.Equal("ENAS fixed_arc: " + EnasFixedArc.FormatMicro(g), lines[1]);
        Assert.Equal(g, EnasFixedArc.ParseMicro(lines[1]["ENAS fixed_arc: ".Length..]));
    }

    [Fact]
    public void ToText_Nb201Cell_IsTheBenchmarkString()
    {
        var g = PublishedArchitectures.Get("NB201_RESNET");
        var text = ArchitectureFormats.ToText(g);
        Assert.Matches(@"^\|[a-z_0-9]+~0\|\+\|", text);
        Assert.Equal(g, Nb201Format.Parse(text));
    }

    [Fact]
    public void ToText_EnasMacroAndRecurrent_AreFixedArcAndDartsRecurrentLines()
    {
        var macro = (EnasMacroGenotype)PublishedArchitectures.Get("ENAS_MACRO");
        Assert.Equal("fixed_arc: " + EnasFixedArc.FormatMacro(macro), ArchitectureFormats.ToText(macro));
        var rnn = (RecurrentGenotype)PublishedArchitectures.Get("ENAS_PTB");
        Assert.Equal(DartsRecurrentFormat.TryFormat(rnn), ArchitectureFormats.ToText(rnn));
        // A node 0 other than tanh has no DARTS form: the melodyguan fixed_arc.
        var odd = new RecurrentGenotype([new(RecurrentNode.CellInput, ActivationNames.Relu), new(0, ActivationNames.Tanh)]);
        Assert.Equal("fixed_arc: 1 0 0", ArchitectureFormats.ToText(odd));
    }

    [Fact]
    public void All_EveryPublishedArchitecture_EndsWithJsonThatRoundTrips()
    {
        foreach (var name in PublishedArchitectures.Names)
        {
            var a = PublishedArchitectures.Get(name);
            var forms = ArchitectureFormats.All(a);
            Assert.Equal("JSON", forms[^1].Name);
            Assert.Equal(a, ArchitectureJson.Deserialize(forms[^1].Text));
        }
    }
}
