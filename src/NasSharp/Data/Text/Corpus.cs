namespace NasSharp.Data.Text;

/// <summary>
/// A word-level language-model corpus: the vocabulary (from the training text) and the train, valid and test texts as
/// token ids, each line followed by <see cref="Vocabulary.EndOfSentence"/>.
/// </summary>
/// <param name="Name">What was loaded (a name or folder), for messages and result files.</param>
/// <param name="Vocabulary">The vocabulary.</param>
/// <param name="Train">Training tokens.</param>
/// <param name="Valid">Validation tokens.</param>
/// <param name="Test">Test tokens.</param>
public sealed record Corpus(string Name, Vocabulary Vocabulary, long[] Train, long[] Valid, long[] Test)
{
    /// <summary>Reads a corpus from three texts: the vocabulary comes from <paramref name="train"/>; a valid/test word
    /// outside it becomes <see cref="Vocabulary.Unknown"/> when the vocabulary has it, else is an error.</summary>
    /// <param name="name">Name for messages.</param>
    /// <param name="train">(file name, reader) of the training text.</param>
    /// <param name="valid">(file name, reader) of the validation text.</param>
    /// <param name="test">(file name, reader) of the test text.</param>
    /// <exception cref="DataFormatException">An empty text, or an unknown word where there is no <c>&lt;unk&gt;</c>;
    /// the message names the file (and line).</exception>
    public static Corpus Read(string name, (string File, TextReader Reader) train, (string File, TextReader Reader) valid,
        (string File, TextReader Reader) test)
    {
        var vocabulary = new Vocabulary();
        var trainIds = Tokens(train, vocabulary, grow: true);
        var validIds = Tokens(valid, vocabulary, grow: false);
        var testIds = Tokens(test, vocabulary, grow: false);
        return new Corpus(name, vocabulary, trainIds, validIds, testIds);
    }

    private static long[] Tokens((string File, TextReader Reader) text, Vocabulary vocabulary, bool grow)
    {
        var ids = new List<long>();
        var unknown = vocabulary.IdOf(Vocabulary.Unknown);
        var line = 0;
        var words = 0;
        while (text.Reader.ReadLine() is { } s)
        {
            line++;
            foreach (var word in s.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                words++;
                if (grow)
                {
                    ids.Add(vocabulary.Add(word));
                    continue;
                }
                var id = vocabulary.IdOf(word);
                if (id < 0)
                {
                    if (unknown < 0)
                        throw new DataFormatException(text.File,
                            $"line {line}: the word '{word}' is not in the training vocabulary and the vocabulary has no '{Vocabulary.Unknown}' to map it to");
                    id = unknown;
                }
                ids.Add(id);
            }
            ids.Add(grow ? vocabulary.Add(Vocabulary.EndOfSentence) : vocabulary.IdOf(Vocabulary.EndOfSentence));
        }
        if (words == 0)
            throw new DataFormatException(text.File, $"the text is empty ({line} lines, no words); expected one sentence per line, words separated by spaces");
        return ids.ToArray();
    }
}
