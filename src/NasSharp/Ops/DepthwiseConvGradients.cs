namespace NasSharp.Ops;

using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// The two gradients of a depthwise conv (<c>groups = channels</c>, square kernel k, stride s, padding p, dilation d,
/// <c>y[i] = Σ_a w[a] · x[s·i + d·a − p]</c> on each axis), each computed as a depthwise conv <em>forward</em>.
/// libtorch 2.10's oneDNN has fast (jit) depthwise backward kernels only for 3x3 undilated convs with padding ≤ 1; a
/// 5x5 or dilated conv's backward falls to oneDNN's gemm path (im2col/col2im copies), 5-20x slower than its forward,
/// and libtorch's own kernels are slower still. Its depthwise <em>forward</em> is fast for every kernel size, so:
/// <list type="bullet">
/// <item>input gradient: <c>dx[t] = Σ_a w[a] · G[t + p − d·a]</c>, where G is the output gradient with s − 1 zeros
/// between its elements: a dilated depthwise conv of G (padded by d(k−1) − p on the left/top) with the kernel flipped;</item>
/// <item>weight gradient: <c>dw[c, a] = Σ_{n, i} g[n, c, i] · x_pad[n, c, s·i + d·a]</c>: per (sample, channel) a
/// correlation of the padded input with the output gradient as the kernel (dilation s, stride d), i.e. a depthwise conv
/// over N·C groups, then a sum over the batch.</item>
/// </list>
/// Measured (<c>bench/depthwise-backward.cs</c>, batch 64, the DARTS supernet's shapes, 2 threads): a 5x5 dilated conv's
/// forward + backward at 16 channels, 32x32, from 41.8 ms (recomputed forward + oneDNN backward) to 3.5 ms; a 5x5
/// undilated one from 25.6 to 3.8 ms; within 1e-6 of float64 like the kernels they replace. Same maths, other summation
/// order: float32 rounding differs from oneDNN's own backward.
/// </summary>
internal static class DepthwiseConvGradients
{
    /// <summary>Whether oneDNN's own depthwise backward is the fast one for this geometry (jit kernels: 3x3, no
    /// dilation, padding ≤ 1); otherwise <see cref="Input"/> and <see cref="Weight"/> are faster.</summary>
    public static bool OneDnnBackwardIsFast(int kernel, int padding, int dilation) => kernel == 3 && dilation == 1 && padding <= 1;

    /// <summary>The input gradient <c>[N, C, height, width]</c> from the output gradient <paramref name="g"/> and the
    /// weight <c>[C, 1, k, k]</c>, on whatever conv backend is on.</summary>
    public static Tensor Input(Tensor g, Tensor weight, long height, long width, int stride, int padding, int dilation)
    {
        using var scope = NewDisposeScope();
        var k = weight.shape[2];
        var (ho, wo) = (g.shape[2], g.shape[3]);
        var spread = g;
        if (stride > 1)
        {
            spread = zeros(g.shape[0], g.shape[1], stride * (ho - 1) + 1, stride * (wo - 1) + 1, dtype: g.dtype, device: g.device);
            var every = TensorIndex.Slice(null, null, stride);
            spread[TensorIndex.Colon, TensorIndex.Colon, every, every] = g;
        }
        // Negative amounts crop (constant padding allows them).
        var before = dilation * (k - 1) - padding;
        var afterH = height - 1 + padding - stride * (ho - 1);
        var afterW = width - 1 + padding - stride * (wo - 1);
        var padded = nn.functional.pad(spread, [before, afterW, before, afterH]);
        return nn.functional.conv2d(padded, weight.flip(2, 3), dilation: [dilation, dilation], groups: weight.shape[0]).MoveToOuterDisposeScope();
    }

    /// <summary>The weight gradient <c>[C, 1, k, k]</c> from the input <paramref name="x"/> and the output gradient
    /// <paramref name="g"/>, on whatever conv backend is on.</summary>
    public static Tensor Weight(Tensor x, Tensor g, int kernel, int stride, int padding, int dilation)
    {
        using var scope = NewDisposeScope();
        var (n, c) = (x.shape[0], x.shape[1]);
        var (ho, wo) = (g.shape[2], g.shape[3]);
        // The rows and columns of the padded input that some output reads: s·(out − 1) + d·(k − 1) + 1.
        var (hs, ws) = (stride * (ho - 1) + dilation * (kernel - 1) + 1, stride * (wo - 1) + dilation * (kernel - 1) + 1);
        var padded = nn.functional.pad(x, [padding, ws - padding - x.shape[3], padding, hs - padding - x.shape[2]])
            .reshape(1, n * c, hs, ws);
        var perSample = nn.functional.conv2d(padded, g.reshape(n * c, 1, ho, wo), strides: [dilation, dilation],
            dilation: [stride, stride], groups: n * c);
        return perSample.view(n, c, kernel, kernel).sum([0L]).unsqueeze(1).MoveToOuterDisposeScope();
    }
}
