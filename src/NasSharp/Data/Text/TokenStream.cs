namespace NasSharp.Data.Text;

using static TorchSharp.torch;

/// <summary>
/// A token sequence laid out for truncated back-propagation through time: cut into <see cref="Batch"/> contiguous rows
/// (<c>[batch, length]</c>, the tail that does not fill a row dropped, as enas_lm <c>data_utils.input_producer</c> and
/// AWD-LSTM <c>batchify</c>), read left to right in windows; row <c>b</c> of window <c>k+1</c> continues row <c>b</c> of window
/// <c>k</c>, so a model carries its hidden state (detached) from one window to the next.
/// </summary>
public sealed class TokenStream : IDisposable
{
    private readonly Tensor _data;

    /// <summary>Lays out <paramref name="tokens"/> in <paramref name="batch"/> rows.</summary>
    /// <exception cref="ArgumentException">Fewer than two tokens per row.</exception>
    public TokenStream(long[] tokens, int batch, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var rowLength = tokens.LongLength / batch;
        if (rowLength < 2)
            throw new ArgumentException($"{tokens.LongLength} tokens cannot fill {batch} rows of at least 2 tokens; lower the batch size", nameof(tokens));
        Batch = batch;
        RowLength = rowLength;
        using var all = tensor(tokens[..(int)(rowLength * batch)], dtype: ScalarType.Int64);
        using var rows = all.view(batch, rowLength);
        _data = rows.to(device ?? CPU, copy: true).DetachFromDisposeScope();
    }

    /// <summary>Rows (the batch size).</summary>
    public int Batch { get; }

    /// <summary>Tokens per row.</summary>
    public long RowLength { get; }

    /// <summary>The <c>[batch, length]</c> token ids.</summary>
    public Tensor Data => _data;

    /// <summary>Windows of fixed length <paramref name="bptt"/> (the last one shorter), as <see cref="TokenWindow"/>s.</summary>
    public IEnumerable<TokenWindow> Windows(int bptt) => Windows(bptt, null);

    /// <summary>
    /// The window bounds over a row, left to right. Without <paramref name="random"/>: fixed length <paramref name="bptt"/>.
    /// With it, variable lengths as enas_lm <c>input_producer(random_len=True)</c> (after AWD-LSTM): a base of
    /// <paramref name="bptt"/> with probability 0.95, else <paramref name="bptt"/>/2; the length is a normal draw around
    /// the base with standard deviation 5 truncated at two standard deviations, at least 1 and at most
    /// <paramref name="bptt"/> + 20; the pass ends once fewer than 3 tokens are left.
    /// </summary>
    public IEnumerable<TokenWindow> Windows(int bptt, Random? random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bptt, 1);
        long start = 0;
        while (start < RowLength - 1)
        {
            var length = random is null ? bptt : RandomLength(bptt, random);
            length = (int)Math.Min(length, RowLength - 1 - start);
            yield return new TokenWindow(start, length);
            start += length;
            if (random is not null && start >= RowLength - 3) yield break;
        }
    }

    /// <summary>Inputs <c>[batch, length]</c> and next-token targets of a window.</summary>
    public (Tensor X, Tensor Y) Slice(TokenWindow window) =>
        (_data.narrow(1, window.Start, window.Length), _data.narrow(1, window.Start + 1, window.Length));

    /// <summary>Number of fixed-length windows in a pass.</summary>
    public int WindowCount(int bptt) => (int)((RowLength - 1 + bptt - 1) / bptt);

    /// <inheritdoc />
    public void Dispose() => _data.Dispose();

    private static int RandomLength(int bptt, Random random)
    {
        var mean = random.NextDouble() < 0.95 ? bptt : bptt / 2.0;
        double z;
        do
        {
            // Box-Muller; redrawn outside two standard deviations (tf.random.truncated_normal).
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        } while (Math.Abs(z) > 2);
        return Math.Clamp((int)(mean + 5 * z), 1, bptt + 20);
    }
}
