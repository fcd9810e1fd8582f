namespace NasSharp.Runtime;

using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// The start-up check behind oneDNN being on: a few small 3x3 conv backward passes (1→4, 4→4 and 8→4 channels, batch 8,
/// 16x16; the shapes whose input gradients once came back NaN here) computed with oneDNN on and with it off, from the
/// same inputs. They must be finite and agree (<c>allclose</c>, rtol 1e-3, atol 1e-4) in input and weight gradients.
/// Inputs come from a local generator with a fixed seed, so torch's global RNG is untouched. Cost, measured here
/// (libtorch 2.10, 2 threads, AMD EPYC, 2026-12-01): 23-49 ms at start-up (oneDNN builds kernels for the three
/// shapes), 14-18 ms when repeated, plus libtorch's first-use cost (17-130 ms) that a program's first tensor pays
/// anyway; 0.2-1.6 s when other processes keep both cores busy.
/// </summary>
internal static class OneDnnSelfCheck
{
    private const int Passes = 3;
    private const double RelativeTolerance = 1e-3;
    private const double AbsoluteTolerance = 1e-4;
    private static readonly (int In, int Out)[] Shapes = [(1, 4), (4, 4), (8, 4)];

    /// <summary>Runs the check and leaves oneDNN off; the caller switches it as the result says.</summary>
    public static OneDnnCheckResult Run()
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator(20181, CPU);
            foreach (var (cin, cout) in Shapes)
            {
                for (var pass = 0; pass < Passes; pass++)
                {
                    var x = randn([8, cin, 16, 16], generator: generator);
                    var w = randn([cout, cin, 3, 3], generator: generator).mul_(0.3);
                    var upstream = randn([8, cout, 16, 16], generator: generator);
                    if (!LibTorchBackends.SetMkldnn(true)) return new(false, "oneDNN's switch could not be reached", clock.Elapsed.TotalMilliseconds);
                    var (dxOn, dwOn) = Gradients(x, w, upstream);
                    LibTorchBackends.SetMkldnn(false);
                    var (dxOff, dwOff) = Gradients(x, w, upstream);
                    var where = string.Create(CultureInfo.InvariantCulture, $"conv {cin}→{cout} pass {pass + 1}");
                    if ((Compare(dxOn, dxOff, where, "input") ?? Compare(dwOn, dwOff, where, "weight")) is { } problem)
                        return new(false, problem, clock.Elapsed.TotalMilliseconds);
                }
            }
            return new(true, string.Create(CultureInfo.InvariantCulture,
                $"{Shapes.Length * Passes} conv backward passes agree with the reference kernels"), clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LibTorchBackends.SetMkldnn(false);
            return new(false, $"the check failed: {e.GetType().Name}: {e.Message}", clock.Elapsed.TotalMilliseconds);
        }
    }

    private static (Tensor Input, Tensor Weight) Gradients(Tensor x, Tensor w, Tensor upstream)
    {
        var xg = x.detach().requires_grad_(true);
        var wg = w.detach().requires_grad_(true);
        nn.functional.conv2d(xg, wg, padding: [1, 1]).backward([upstream]);
        return (xg.grad!.clone(), wg.grad!.clone());
    }

    /// <summary>Null when <paramref name="on"/> is finite and close to <paramref name="off"/>; else what is wrong.</summary>
    private static string? Compare(Tensor on, Tensor off, string where, string which)
    {
        var bad = on.isfinite().logical_not().sum().item<long>();
        if (bad > 0) return string.Create(CultureInfo.InvariantCulture, $"{where}: {bad} NaN/inf {which} gradient values with oneDNN on");
        if (on.allclose(off, RelativeTolerance, AbsoluteTolerance)) return null;
        var diff = on.sub(off).abs().max().item<float>();
        return string.Create(CultureInfo.InvariantCulture, $"{where}: {which} gradients differ from the reference by up to {diff:G3}");
    }
}
