namespace NasSharp.Data.Text;

/// <summary>
/// A word-level vocabulary: ids in order of first appearance in the training text, with <see cref="EndOfSentence"/>
/// appended to every line (as the PTB language-model references do: AWD-LSTM <c>data.py</c>, enas_lm <c>process.py</c>).
/// </summary>
public sealed class Vocabulary
{
    /// <summary>The end-of-line token added after every line.</summary>
    public const string EndOfSentence = "<eos>";

    /// <summary>The unknown-word token PTB's files already contain; valid/test words outside the vocabulary map to it.</summary>
    public const string Unknown = "<unk>";

    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _words = [];

    /// <summary>Number of distinct tokens.</summary>
    public int Count => _words.Count;

    /// <summary>The words in id order.</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>The id of <paramref name="word"/>, adding it when new.</summary>
    public int Add(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (_ids.TryGetValue(word, out var id)) return id;
        id = _words.Count;
        _ids[word] = id;
        _words.Add(word);
        return id;
    }

    /// <summary>The id of <paramref name="word"/>, or -1 when it is not in the vocabulary.</summary>
    public int IdOf(string word) => _ids.TryGetValue(word, out var id) ? id : -1;
}
