namespace NasSharp.Tests.Data.Text;

using NasSharp.Data;
using NasSharp.Data.Text;

public class CorpusTests
{
    private static Corpus Read(string train, string valid, string test) =>
        Corpus.Read("t", ("train.txt", new StringReader(train)), ("valid.txt", new StringReader(valid)), ("test.txt", new StringReader(test)));

    [Fact]
    public void Read_Lines_AddEosPerLineAndBuildVocabularyFromTrainInOrder()
    {
        var c = Read(" a b <unk>\n b c\n", " c a\n", " zzz b\n");
        Assert.Equal(["a", "b", "<unk>", "<eos>", "c"], c.Vocabulary.Words);
        Assert.Equal([0L, 1, 2, 3, 1, 4, 3], c.Train);
        Assert.Equal([4L, 0, 3], c.Valid);
        Assert.Equal([2L, 1, 3], c.Test); // zzz is outside the vocabulary: <unk>
    }

    [Fact]
    public void Read_UnknownWordWithoutUnk_NamesFileLineAndWord()
    {
        var ex = Assert.Throws<DataFormatException>(() => Read("a b\n", "a\nb q\n", "a\n"));
        Assert.Equal("valid.txt: line 2: the word 'q' is not in the training vocabulary and the vocabulary has no '<unk>' to map it to", ex.Message);
    }

    [Fact]
    public void Read_EmptyText_IsAClearError()
    {
        var ex = Assert.Throws<DataFormatException>(() => Read("a b\n", "a\n", "\n  \n"));
        Assert.StartsWith("test.txt: the text is empty (2 lines, no words)", ex.Message);
    }

    [Fact]
    public void LoadFolder_MissingSplit_NamesTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("nas-corpus-").FullName;
        File.WriteAllText(Path.Combine(dir, "ptb.train.txt"), "a b\n");
        File.WriteAllText(Path.Combine(dir, "ptb.valid.txt"), "a b\n");
        var ex = Assert.Throws<DataFormatException>(() => CorpusCatalog.Load(dir));
        Assert.Equal($"{Path.Combine(dir, "ptb.test.txt")}: missing: the corpus folder needs ptb.test.txt or test.txt", ex.Message);
        var missing = Assert.Throws<DataFormatException>(() => CorpusCatalog.Load(Path.Combine(dir, "nope")));
        Assert.Contains("corpus folder not found", missing.Message);
    }

    [Fact]
    public void LoadFolder_PlainSplitNames_AreAccepted()
    {
        var dir = Directory.CreateTempSubdirectory("nas-corpus-").FullName;
        foreach (var s in new[] { "train", "valid", "test" }) File.WriteAllText(Path.Combine(dir, $"{s}.txt"), "x y\n");
        Assert.Equal([0L, 1, 2], CorpusCatalog.Load(dir).Test);
    }

    [Fact]
    public void LoadBuiltIn_PtbSlice_HasTheScriptsTokenCounts()
    {
        var c = CorpusCatalog.Load("default");
        Assert.Equal(84_832 + 4_000, c.Train.Length);
        Assert.Equal(8_756 + 400, c.Valid.Length);
        Assert.Equal(8_490 + 400, c.Test.Length);
        Assert.Equal("ptb-small", c.Name);
    }

    [Fact]
    public void Load_Ptb_HasMikolovsCountsAndVocabulary()
    {
        var root = SharedData.Find();
        if (root is null) return; // ../shared/data is beside every checkout here; CI has it too
        var c = CorpusCatalog.Load("ptb", root);
        Assert.Equal(10_000, c.Vocabulary.Count);
        Assert.Equal(929_589, c.Train.Length);
        Assert.Equal(73_760, c.Valid.Length);
        Assert.Equal(82_430, c.Test.Length);
    }
}
