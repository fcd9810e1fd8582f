using static TorchSharp.torch;

namespace NasSharp.Data;

/// <summary>Per-channel mean and standard deviation on the [0, 1] pixel scale; a batch is normalised as
/// <c>(x / 255 - Mean[c]) / Std[c]</c>.</summary>
/// <param name="Mean">One mean per channel, on the [0, 1] scale.</param>
/// <param name="Std">One standard deviation per channel, on the [0, 1] scale, each &gt; 0.</param>
public sealed record Normalization(float[] Mean, float[] Std)
{
    private const long ChunkImages = 4096;

    /// <summary>The identity on the [0, 1] scale for <paramref name="channels"/> channels (mean 0, std 1):
    /// pixels are only divided by 255.</summary>
    /// <param name="channels">Number of channels (default 3).</param>
    public static Normalization Identity(int channels = 3) =>
        new(Enumerable.Repeat(0f, channels).ToArray(), Enumerable.Repeat(1f, channels).ToArray());

    /// <summary>Number of channels.</summary>
    public int Channels => Mean.Length;

    /// <summary>Computes the per-channel mean and (population) standard deviation of all pixels of
    /// <paramref name="d"/>, on the [0, 1] scale, in chunks of 4,096 images (double-precision sums).
    /// A channel with zero deviation gets std 1.</summary>
    /// <param name="d">The dataset, usually the training part.</param>
    public static Normalization FromDataset(ImageDataset d)
    {
        ArgumentNullException.ThrowIfNull(d);
        int c = d.Channels;
        var sum = new double[c];
        var sumSq = new double[c];
        for (long start = 0; start < d.Count; start += ChunkImages)
        {
            using var scope = NewDisposeScope();
            long length = Math.Min(ChunkImages, d.Count - start);
            var x = d.Images.narrow(0, start, length).to(ScalarType.Float64);
            var s = x.sum([0L, 2L, 3L]).data<double>().ToArray();
            var s2 = x.square().sum([0L, 2L, 3L]).data<double>().ToArray();
            for (int i = 0; i < c; i++)
            {
                sum[i] += s[i];
                sumSq[i] += s2[i];
            }
        }
        double n = Math.Max(1.0, (double)d.Count * d.Height * d.Width);
        var mean = new float[c];
        var std = new float[c];
        for (int i = 0; i < c; i++)
        {
            double m = sum[i] / n;
            double variance = Math.Max(0.0, sumSq[i] / n - m * m);
            mean[i] = (float)(m / 255.0);
            double sd = Math.Sqrt(variance) / 255.0;
            std[i] = sd > 1e-12 ? (float)sd : 1f;
        }
        return new Normalization(mean, std);
    }

    /// <summary>Normalises a uint8 (or float, 0..255) batch <c>[B, C, H, W]</c> into a new float32 tensor on the
    /// batch's device.</summary>
    /// <param name="pixels">Raw pixels 0..255.</param>
    /// <exception cref="ArgumentException">The batch's channel count differs from <see cref="Channels"/>.</exception>
    public Tensor Apply(Tensor pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.dim() != 4 || pixels.shape[1] != Channels)
        {
            throw new ArgumentException($"expected a [B, {Channels}, H, W] batch, got [{string.Join(", ", pixels.shape)}]", nameof(pixels));
        }
        if (Std.Length != Mean.Length || Std.Any(s => s <= 0f))
        {
            throw new InvalidOperationException("Normalization needs one positive std per mean.");
        }
        using var scope = NewDisposeScope();
        // (x / 255 - m) / s  ==  x * (1 / (255 s)) - m / s
        var scale = tensor(Std.Select(s => 1f / (255f * s)).ToArray(), device: pixels.device).view(1, Channels, 1, 1);
        var shift = tensor(Mean.Zip(Std, (m, s) => m / s).ToArray(), device: pixels.device).view(1, Channels, 1, 1);
        var result = pixels.to(ScalarType.Float32).mul_(scale).sub_(shift);
        return result.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"Normalization(mean [{string.Join(", ", Mean.Select(m => m.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)))}], " +
        $"std [{string.Join(", ", Std.Select(m => m.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)))}])";
}
