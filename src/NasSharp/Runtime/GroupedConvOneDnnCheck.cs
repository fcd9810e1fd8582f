namespace NasSharp.Runtime;

using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// The check behind <see cref="TorchRuntime.GroupedConvOnOneDnn"/>: grouped conv forward and backward passes in float32
/// on oneDNN must match the same passes computed in float64 by the reference kernels (largest error of output, input
/// gradient and weight gradient at most 1e-4 of the float64 value's largest magnitude; float32 rounding gives ~1e-7).
/// The shapes cover the DARTS family's depthwise convs (3x3 and 5x5, dilation 1 and 2, stride 1 and 2, 4 to 48
/// channels) and BATS's grouped binary convs (2, 3, 4 and 8 channels a group). Inputs come from a local generator with a fixed seed, so torch's global RNG is untouched. Measured with
/// <c>bench/onednn-depthwise.cs</c> (libtorch 2.10, AMD EPYC with AVX-512, 2026-12-02): 168 shapes (4-64 channels,
/// kernels 3/5, dilation 1/2, stride 1/2, 7x7 to 32x32), 8-20 passes each, all within 4.3e-7 of float64, on a machine
/// where oneDNN's dense 3x3 conv backward with few channels is wrong in every pass; <c>bench/onednn-grouped.cs</c>:
/// BATS's grouped shapes within 1.8e-6.
/// </summary>
internal static class GroupedConvOneDnnCheck
{
    private const double Tolerance = 1e-4;
    private static readonly (int Channels, int Groups, int Kernel, int Dilation, int Stride, int Size)[] Shapes =
    [
        (4, 4, 3, 1, 1, 16), (8, 8, 5, 2, 2, 16), (16, 16, 3, 2, 1, 14), (48, 48, 3, 1, 1, 7), (32, 32, 5, 1, 2, 14), // depthwise
        (24, 12, 3, 1, 1, 16), (48, 12, 5, 2, 2, 16), (96, 12, 3, 1, 1, 8), (12, 4, 3, 2, 1, 14), // BATS: 2, 4, 8, 3 a group
    ];

    /// <summary>Runs the check; oneDNN is left as it was.</summary>
    public static OneDnnCheckResult Run()
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var scope = NewDisposeScope();
            // The first depthwise conv may come from a no_grad or inference_mode pass (a cost count, an evaluation):
            // the check needs autograd, and tensors made in inference mode cannot take part in it.
            using var notInference = inference_mode(false);
            using var grad = enable_grad();
            using var generator = new Generator(20181, CPU);
            foreach (var (c, groups, k, dil, stride, size) in Shapes)
            {
                var pad = dil * (k - 1) / 2;
                var x = randn([8, c, size, size], generator: generator);
                var w = randn([c, c / groups, k, k], generator: generator).mul_(0.3);
                var outSize = (size + 2 * pad - dil * (k - 1) - 1) / stride + 1;
                var upstream = randn([8, c, outSize, outSize], generator: generator);
                var reference = Pass(x.to(float64), w.to(float64), upstream.to(float64), stride, pad, dil, groups, false);
                var got = Pass(x, w, upstream, stride, pad, dil, groups, true);
                var where = string.Create(CultureInfo.InvariantCulture, $"grouped conv {k}x{k} dilation {dil} stride {stride}, {c} channels in {groups} groups");
                string[] names = ["output", "input gradient", "weight gradient"];
                for (var i = 0; i < 3; i++)
                {
                    var g = got[i].to(float64);
                    if (!g.isfinite().all().item<bool>())
                        return new(false, $"{where}: non-finite {names[i]} on oneDNN", clock.Elapsed.TotalMilliseconds);
                    var error = g.sub(reference[i]).abs().max().item<double>() / Math.Max(reference[i].abs().max().item<double>(), 1e-12);
                    if (error > Tolerance)
                        return new(false, string.Create(CultureInfo.InvariantCulture, $"{where}: {names[i]} off by {error:E1} of its scale on oneDNN"), clock.Elapsed.TotalMilliseconds);
                }
            }
            return new(true, string.Create(CultureInfo.InvariantCulture,
                $"{Shapes.Length} grouped conv passes match float64"), clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new(false, $"the check failed: {e.GetType().Name}: {e.Message}", clock.Elapsed.TotalMilliseconds);
        }
    }

    private static Tensor[] Pass(Tensor x, Tensor w, Tensor upstream, int stride, int pad, int dil, int groups, bool oneDnn)
    {
        var xg = x.detach().requires_grad_(true);
        var wg = w.detach().requires_grad_(true);
        // On oneDNN through the function the convs use (OneDnnGroupedConv.Conv2d's choice; backward routes of their own).
        var y = oneDnn
            ? Ops.GroupedConvAsDepthwise.Pays(x.shape[1] / groups, w.shape[0] / groups)
                ? Ops.GroupedConvAsDepthwise.Apply(xg, wg, stride, pad, dil, groups)
                : Ops.OneDnnGroupedConv.Apply(xg, wg, stride, pad, dil, groups)
            : nn.functional.conv2d(xg, wg, strides: [stride, stride], padding: [pad, pad], dilation: [dil, dil], groups: groups);
        y.backward([upstream]);
        return [y.detach(), xg.grad!, wg.grad!];
    }
}
