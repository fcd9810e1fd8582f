using NasSharp.SearchSpaces;

namespace NasSharp.Tests.SearchSpaces;

public class FormatTests
{
    public static TheoryData<string> PublishedNames()
    {
        var d = new TheoryData<string>();
        foreach (var n in PublishedArchitectures.Names) d.Add(n);
        return d;
    }

    [Theory]
    [MemberData(nameof(PublishedNames))]
    public void Json_PublishedArchitecture_RoundTrips(string name)
    {
        var g = PublishedArchitectures.Get(name);
        var json = ArchitectureJson.Serialize(g);
        Assert.Equal(g, ArchitectureJson.Deserialize(json));
        Assert.Equal(json, ArchitectureJson.Serialize(ArchitectureJson.Deserialize(json)));
        Assert.Equal(g, ArchitectureParser.Parse(json));
    }

    [Theory]
    [MemberData(nameof(PublishedNames))]
    public void Parser_PublishedName_AnyCaseFindsEntry(string name)
    {
        Assert.Equal(PublishedArchitectures.Get(name), ArchitectureParser.Parse(name.ToLowerInvariant()));
        Assert.Equal(PublishedArchitectures.Get(name), ArchitectureParser.Parse($"  {name.ToUpperInvariant()} "));
    }

    [Theory]
    [MemberData(nameof(PublishedNames))]
    public void NativeFormats_PublishedArchitecture_RoundTrip(string name)
    {
        PublishedArchitectures.TryFind(name, out var entry);
        var g = entry!.Architecture;
        switch (g)
        {
            case CellGenotype c:
            {
                var text = DartsFormat.Format(c);
                Assert.Equal(c, DartsFormat.Parse(text));
                Assert.Equal(text, DartsFormat.Format(DartsFormat.Parse(text)));
                Assert.Equal(c, ArchitectureParser.Parse(text));
                if (name == "ENAS")
                {
                    Assert.Equal(entry.SourceText, EnasFixedArc.FormatMicro(c));
                }
                else
                {
                    // The published text parses to the same genotype as the canonical form.
                    Assert.Equal(c, DartsFormat.Parse(entry.SourceText));
                }
                break;
            }
            case Nb201Genotype n:
                Assert.Equal(entry.SourceText, Nb201Format.Format(n));
                Assert.Equal(n, ArchitectureParser.Parse(entry.SourceText));
                break;
            case EnasMacroGenotype m:
                Assert.Equal(string.Join(' ', entry.SourceText.Split((char[])[' ', '\n', '\r'],
                    StringSplitOptions.RemoveEmptyEntries)), EnasFixedArc.FormatMacro(m));
                Assert.Equal(m, EnasFixedArc.ParseMacro(EnasFixedArc.FormatMacro(m)));
                break;
            case RecurrentGenotype r:
                // Each published recurrent cell is kept in its source's own form: melodyguan's arc, enas_lm's arc or DARTS text.
                var source = entry.SourceText.StartsWith("Genotype(", StringComparison.Ordinal) ? DartsRecurrentFormat.TryFormat(r)
                    : entry.SourceText.Split(' ').Length % 2 == 0 ? EnasFixedArc.FormatRecurrentLm(r) : EnasFixedArc.FormatRecurrent(r);
                Assert.Equal(entry.SourceText, source);
                Assert.Equal(r, EnasFixedArc.ParseRecurrent(EnasFixedArc.FormatRecurrent(r)));
                Assert.Equal(r, ArchitectureParser.Parse(ArchitectureFormats.ToText(r)));
                break;
            default:
                Assert.Fail($"unexpected type {g.GetType()}");
                break;
        }
    }

    [Fact]
    public void PublishedArchitectures_DartsV2_MatchesGenotypesPy()
    {
        var g = (CellGenotype)PublishedArchitectures.Get("DARTS_V2");
        Assert.Equal(new OpEdge("sep_conv_3x3", 0), g.Normal.Edges[0]);
        Assert.Equal(new OpEdge("dil_conv_3x3", 2), g.Normal.Edges[7]);
        Assert.Equal(new OpEdge("max_pool_3x3", 1), g.Reduce.Edges[7]);
        Assert.Equal([2, 3, 4, 5], g.Normal.Concat);
        Assert.Equal(g, PublishedArchitectures.Get("DARTS"));
    }

    [Fact]
    public void PublishedArchitectures_NasNet_HasFiveNodesAndSepConv7x7()
    {
        var g = (CellGenotype)PublishedArchitectures.Get("NASNet");
        Assert.Equal(5, g.Normal.Nodes);
        Assert.Equal(new OpEdge(OpNames.SepConv7x7, 0), g.Reduce.Edges[1]);
        Assert.Equal([4, 5, 6], g.Reduce.Concat);
    }

    [Fact]
    public void PublishedArchitectures_EveryEntry_HasDescriptionAndSource()
    {
        foreach (var e in PublishedArchitectures.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Description), e.Name);
            Assert.False(string.IsNullOrWhiteSpace(e.Source), e.Name);
        }
        Assert.Equal(PublishedArchitectures.Names.Count,
            PublishedArchitectures.Names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void PublishedArchitectures_UnknownName_ListsKnownNames()
    {
        var ex = Assert.Throws<KeyNotFoundException>(() => PublishedArchitectures.Get("nope"));
        Assert.Contains("DARTS_V2", ex.Message);
    }

    [Fact]
    public void DartsParse_RangeListQuotesAndNewlines_AllEquivalent()
    {
        const string a = "Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0)], normal_concat=range(2, 3), " +
                         "reduce=[('max_pool_3x3', 0), ('avg_pool_3x3', 1)], reduce_concat=[2])";
        const string b = "Genotype(\n  reduce_concat = [2],\n  normal = [\n    (\"sep_conv_3x3\", 1),\n" +
                         "    (\"skip_connect\", 0),\n  ],\n  normal_concat = list(range(2, 3)),\n" +
                         "  reduce = [('max_pool_3x3',0),('avg_pool_3x3',1)],\n)";
        Assert.Equal(DartsFormat.Parse(a), DartsFormat.Parse(b));
    }

    [Fact]
    public void DartsFormat_ContiguousConcat_PrintsRange()
    {
        var text = DartsFormat.Format((CellGenotype)PublishedArchitectures.Get("DARTS_V2"));
        Assert.Equal(
            "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), " +
            "('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], " +
            "normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), " +
            "('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), " +
            "('max_pool_3x3', 1)], reduce_concat=range(2, 6))", text);
    }

    [Fact]
    public void DartsFormat_NonContiguousConcat_PrintsList()
    {
        var text = DartsFormat.Format((CellGenotype)PublishedArchitectures.Get("AmoebaNet"));
        Assert.Contains("normal_concat=range(4, 7)", text);
        Assert.Contains("reduce_concat=[3, 4, 6]", text);
    }

    [Fact]
    public void DartsParse_UnknownOp_NamesEdgeAndListsOps()
    {
        var text = DartsFormat.Format((CellGenotype)PublishedArchitectures.Get("DARTS_V2"))
            .Replace("('sep_conv_3x3', 1), ('sep_conv_3x3', 1)", "('sep_conv_3x3', 1), ('sep_conv_4x4', 1)");
        var ex = Assert.Throws<ArchitectureFormatException>(() => DartsFormat.Parse(text));
        Assert.StartsWith("normal edge 4: unknown op 'sep_conv_4x4'; valid ops: none, skip_connect, max_pool_3x3",
            ex.Message);
        Assert.Equal("normal edge 4", ex.Position);
        Assert.Contains(OpNames.SepConv3x3, ex.ValidChoices!);
    }

    [Fact]
    public void DartsParse_InputOutOfRange_NamesEdgeNodeAndRange()
    {
        var text = DartsFormat.Format((CellGenotype)PublishedArchitectures.Get("DARTS_V2"))
            .Replace("reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), " +
                     "('max_pool_3x3', 0), ('skip_connect', 2)",
                "reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), " +
                "('max_pool_3x3', 0), ('skip_connect', 7)");
        var ex = Assert.Throws<ArchitectureFormatException>(() => DartsFormat.Parse(text));
        Assert.Equal("reduce edge 5: input 7 out of range 0..3 for node 2", ex.Message);
    }

    [Fact]
    public void DartsParse_OddEdgeCount_SaysTwoPerNode()
    {
        const string text = "Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0)], " +
                            "normal_concat=range(2, 4), reduce=[('max_pool_3x3', 0), ('avg_pool_3x3', 1)], reduce_concat=[2])";
        var ex = Assert.Throws<ArchitectureFormatException>(() => DartsFormat.Parse(text));
        Assert.Contains("normal: expected a positive even number of edges (2 per node), got 3", ex.Message);
    }

    [Fact]
    public void DartsParse_SyntaxError_NamesCharacter()
    {
        var ex = Assert.Throws<ArchitectureFormatException>(() =>
            DartsFormat.Parse("Genotype(normal=[('sep_conv_3x3' 1)], normal_concat=[2], reduce=[], reduce_concat=[2])"));
        Assert.Contains("DARTS text at character 33: expected ',', got '1'", ex.Message);
    }

    [Fact]
    public void DartsParse_MissingField_ListsFields()
    {
        var ex = Assert.Throws<ArchitectureFormatException>(() =>
            DartsFormat.Parse("Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0)], normal_concat=[2])"));
        Assert.Contains("missing field 'reduce'", ex.Message);
        Assert.Contains("normal, normal_concat, reduce, reduce_concat", ex.Message);
    }

    [Theory]
    [InlineData("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|")]
    [InlineData("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|")]
    public void Nb201_String_RoundTrips(string s)
    {
        Assert.Equal(s, Nb201Format.Format(Nb201Format.Parse(s)));
        Assert.Equal(s, Nb201Format.Format((Nb201Genotype)ArchitectureParser.Parse(s)));
    }

    [Theory]
    [InlineData("|nor_conv_3x3~0|+|nor_conv_3x3~0|bad_op~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
        "NB201 edge 2 (node 2 ← 1): unknown op 'bad_op'; valid ops: none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3")]
    [InlineData("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~2|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
        "NB201 edge 2 (node 2 ← 1): expected source ~1, got ~2")]
    [InlineData("|nor_conv_3x3~0|+|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
        "NB201 node 2: expected 2 edges (one from each of nodes 0..1), got 1")]
    public void Nb201Parse_Invalid_NamesPosition(string s, string message)
    {
        var ex = Assert.Throws<ArchitectureFormatException>(() => Nb201Format.Parse(s));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void JsonDeserialize_UnknownVersion_SaysSupportedVersion()
    {
        var json = ArchitectureJson.Serialize(PublishedArchitectures.Get("DARTS_V2")).Replace("\"version\": 1", "\"version\": 2");
        var ex = Assert.Throws<ArchitectureFormatException>(() => ArchitectureJson.Deserialize(json));
        Assert.Equal("JSON $.version: unsupported version 2; valid versions: 1", ex.Message);
    }

    [Fact]
    public void JsonDeserialize_UnknownSpace_ListsSpaces()
    {
        var json = ArchitectureJson.Serialize(PublishedArchitectures.Get("DARTS_V2")).Replace("\"darts\"", "\"nasnet\"");
        var ex = Assert.Throws<ArchitectureFormatException>(() => ArchitectureJson.Deserialize(json));
        Assert.Equal("JSON $.space: unknown space 'nasnet'; valid spaces: darts, nb201, enas-macro, enas-rnn, petridish", ex.Message);
    }

    [Fact]
    public void JsonDeserialize_MissingMember_NamesPath()
    {
        const string json = """{"format":"nassharp-architecture","version":1,"space":"darts","normal":{"edges":[{"op":"sep_conv_3x3"}],"concat":[2]}}""";
        var ex = Assert.Throws<ArchitectureFormatException>(() => ArchitectureJson.Deserialize(json));
        Assert.Equal("JSON $.normal.edges[0]: missing property 'input'", ex.Message);
    }

    [Fact]
    public void JsonSerialize_Darts_HasVersionedHeader()
    {
        var json = ArchitectureJson.Serialize(PublishedArchitectures.Get("DARTS_V2"), indented: false);
        Assert.StartsWith("{\"format\":\"nassharp-architecture\",\"version\":1,\"space\":\"darts\",", json);
    }

    [Fact]
    public void Parse_ExistingFile_ReadsJsonAndText()
    {
        var dir = Directory.CreateTempSubdirectory("nassharp-arch-");
        try
        {
            var g = PublishedArchitectures.Get("PDARTS");
            File.WriteAllText(Path.Combine(dir.FullName, "a.json"), ArchitectureJson.Serialize(g));
            File.WriteAllText(Path.Combine(dir.FullName, "a.txt"), DartsFormat.Format((CellGenotype)g) + "\n");
            Assert.Equal(g, ArchitectureParser.Parse("a.json", dir.FullName));
            Assert.Equal(g, ArchitectureParser.Parse(Path.Combine(dir.FullName, "a.txt")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Parse_Garbage_ListsEverythingTried()
    {
        var ex = Assert.Throws<ArchitectureFormatException>(() => ArchitectureParser.Parse("not-an-arch", "/nonexistent"));
        Assert.Contains("published name", ex.Message);
        Assert.Contains("file: '/nonexistent/not-an-arch' does not exist", ex.Message);
        Assert.Contains("JSON", ex.Message);
        Assert.Contains("DARTS text", ex.Message);
        Assert.Contains("NB201 string", ex.Message);
    }

    [Fact]
    public void Parse_BadDartsText_IncludesPositionError()
    {
        var ex = Assert.Throws<ArchitectureFormatException>(() => ArchitectureParser.Parse(
            "Genotype(normal=[('sep_conv_4x4', 1), ('sep_conv_3x3', 0)], normal_concat=[2], reduce=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0)], reduce_concat=[2])"));
        Assert.Contains("DARTS text: normal edge 0: unknown op 'sep_conv_4x4'; valid ops:", ex.Message);
    }
}
