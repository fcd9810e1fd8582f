using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace NasSharp.SearchSpaces;

/// <summary>
/// The DARTS genotype text (DARTS <c>cnn/genotypes.py</c>):
/// <c>Genotype(normal=[('sep_conv_3x3', 1), ...], normal_concat=range(2, 6), reduce=[...], reduce_concat=[2, 3, 4, 5])</c>.
/// </summary>
public static class DartsFormat
{
    private static readonly string[] Fields = ["normal", "normal_concat", "reduce", "reduce_concat"];

    /// <summary>
    /// Parses DARTS text. Accepts keyword fields in any order, <c>range(a, b)</c>, <c>list(range(a, b))</c> or explicit
    /// lists for the concats, single or double quotes, any whitespace and newlines, trailing commas, and an optional
    /// (possibly dotted) name before the parenthesis (default <c>Genotype</c>). Ops must be in <see cref="OpNames.All"/>.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The genotype.</returns>
    /// <exception cref="ArchitectureFormatException">The text is malformed or names an unknown op or a bad index;
    /// the message names the position.</exception>
    public static CellGenotype Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var p = new Reader(text);
        if (p.Peek().Kind == TokenKind.Ident) p.Next();
        p.Expect("(");
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        while (p.Peek().Text != ")")
        {
            var name = p.Next();
            if (name.Kind != TokenKind.Ident || !Fields.Contains(name.Text))
                throw new ArchitectureFormatException($"DARTS text at character {name.Offset}",
                    $"unexpected '{name.Text}'", "fields", Fields);
            if (values.ContainsKey(name.Text))
                throw new ArchitectureFormatException(
                    $"DARTS text at character {name.Offset}: field '{name.Text}' given twice");
            p.Expect("=");
            values[name.Text] = name.Text.EndsWith("_concat", StringComparison.Ordinal)
                ? ReadConcat(p, name.Text)
                : ReadEdges(p);
            if (p.Peek().Text == ",") p.Next();
            else if (p.Peek().Text != ")") p.Fail("',' or ')'");
        }
        p.Next();
        if (p.Peek().Kind != TokenKind.End) p.Fail("end of text");
        foreach (var f in Fields)
            if (!values.ContainsKey(f))
                throw new ArchitectureFormatException("DARTS text", $"missing field '{f}'", "fields", Fields);
        var g = new CellGenotype(
            new Cell((List<OpEdge>)values["normal"], (List<int>)values["normal_concat"]),
            new Cell((List<OpEdge>)values["reduce"], (List<int>)values["reduce_concat"]));
        GenotypeValidation.ValidateCellGenotype(g, OpNames.All);
        return g;
    }

    /// <summary>
    /// Prints DARTS's canonical form: <c>Genotype(normal=[('op', i), ...], normal_concat=..., reduce=[...],
    /// reduce_concat=...)</c>, with a concat printed as <c>range(a, b)</c> when it is an ascending contiguous run of at
    /// least two states and as a list otherwise.
    /// </summary>
    /// <param name="genotype">The genotype.</param>
    /// <returns>One line of text.</returns>
    public static string Format(CellGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        var sb = new StringBuilder("Genotype(normal=");
        AppendEdges(sb, genotype.Normal);
        sb.Append(", normal_concat=");
        AppendConcat(sb, genotype.Normal.Concat);
        sb.Append(", reduce=");
        AppendEdges(sb, genotype.Reduce);
        sb.Append(", reduce_concat=");
        AppendConcat(sb, genotype.Reduce.Concat);
        return sb.Append(')').ToString();
    }

    private static void AppendEdges(StringBuilder sb, Cell cell) =>
        sb.Append('[').AppendJoin(", ", cell.Edges.Select(e =>
            $"('{e.Op}', {e.Input.ToString(CultureInfo.InvariantCulture)})")).Append(']');

    private static void AppendConcat(StringBuilder sb, IReadOnlyList<int> concat)
    {
        var contiguous = concat.Count >= 2 && Enumerable.Range(1, concat.Count - 1).All(i => concat[i] == concat[0] + i);
        if (contiguous)
            sb.Append(CultureInfo.InvariantCulture, $"range({concat[0]}, {concat[^1] + 1})");
        else
            sb.Append('[').AppendJoin(", ", concat.Select(c => c.ToString(CultureInfo.InvariantCulture))).Append(']');
    }

    private static List<OpEdge> ReadEdges(Reader p)
    {
        var edges = new List<OpEdge>();
        p.Expect("[");
        while (p.Peek().Text != "]")
        {
            p.Expect("(");
            var op = p.Next();
            if (op.Kind != TokenKind.String) p.Fail("a quoted op name", op);
            p.Expect(",");
            var input = p.ExpectInt();
            if (p.Peek().Text == ",") p.Next();
            p.Expect(")");
            edges.Add(new OpEdge(op.Text, input));
            if (p.Peek().Text == ",") p.Next();
            else if (p.Peek().Text != "]") p.Fail("',' or ']'");
        }
        p.Next();
        return edges;
    }

    private static List<int> ReadConcat(Reader p, string field)
    {
        var t = p.Peek();
        if (t.Kind == TokenKind.Ident && t.Text == "list")
        {
            p.Next();
            p.Expect("(");
            var inner = ReadConcat(p, field);
            p.Expect(")");
            return inner;
        }
        if (t.Kind == TokenKind.Ident && t.Text == "range")
        {
            p.Next();
            p.Expect("(");
            var a = p.ExpectInt();
            p.Expect(",");
            var b = p.ExpectInt();
            p.Expect(")");
            if (b <= a)
                throw new ArchitectureFormatException(
                    $"DARTS text at character {t.Offset}: {field} range({a}, {b}) is empty");
            return Enumerable.Range(a, b - a).ToList();
        }
        if (t.Text != "[") p.Fail("'range(a, b)' or a list of integers");
        p.Next();
        var list = new List<int>();
        while (p.Peek().Text != "]")
        {
            list.Add(p.ExpectInt());
            if (p.Peek().Text == ",") p.Next();
            else if (p.Peek().Text != "]") p.Fail("',' or ']'");
        }
        p.Next();
        return list;
    }

    private enum TokenKind { Ident, Int, String, Punct, End }

    private readonly record struct Token(TokenKind Kind, string Text, int Offset);

    private sealed class Reader
    {
        private readonly List<Token> _tokens = [];
        private int _pos;

        public Reader(string text)
        {
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c)) { i++; continue; }
                var start = i;
                if (char.IsLetter(c) || c == '_')
                {
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.')) i++;
                    _tokens.Add(new Token(TokenKind.Ident, text[start..i], start));
                }
                else if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
                {
                    i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                    _tokens.Add(new Token(TokenKind.Int, text[start..i], start));
                }
                else if (c is '\'' or '"')
                {
                    var end = text.IndexOf(c, i + 1);
                    if (end < 0)
                        throw new ArchitectureFormatException(
                            $"DARTS text at character {start}: unterminated string");
                    _tokens.Add(new Token(TokenKind.String, text[(i + 1)..end], start));
                    i = end + 1;
                }
                else if (c is '(' or ')' or '[' or ']' or ',' or '=')
                {
                    _tokens.Add(new Token(TokenKind.Punct, c.ToString(), start));
                    i++;
                }
                else
                {
                    throw new ArchitectureFormatException(
                        $"DARTS text at character {start}: unexpected character '{c}'");
                }
            }
            _tokens.Add(new Token(TokenKind.End, "end of text", text.Length));
        }

        public Token Peek() => _tokens[_pos];

        public Token Next()
        {
            var t = _tokens[_pos];
            if (t.Kind != TokenKind.End) _pos++;
            return t;
        }

        public void Expect(string punct)
        {
            var t = Next();
            if (t.Kind != TokenKind.Punct || t.Text != punct) Fail($"'{punct}'", t);
        }

        public int ExpectInt()
        {
            var t = Next();
            if (t.Kind == TokenKind.Int && int.TryParse(t.Text, NumberStyles.AllowLeadingSign,
                    CultureInfo.InvariantCulture, out var v))
                return v;
            Fail("an integer", t);
            return 0;
        }

        [DoesNotReturn]
        public void Fail(string expected) => Fail(expected, Peek());

        [DoesNotReturn]
        public void Fail(string expected, Token got) =>
            throw new ArchitectureFormatException(
                $"DARTS text at character {got.Offset}: expected {expected}, got " +
                (got.Kind == TokenKind.End ? "end of text" : $"'{got.Text}'"));
    }
}
