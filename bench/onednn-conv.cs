// Why NasSharp leaves oneDNN off unless asked (src/NasSharp/Runtime/LibTorchBackends.cs, TorchRuntime.cs): speed of a
// DARTS_V2 child network training step with oneDNN on vs off, interleaved in one process, and correctness of 3x3 conv
// backward passes with it on and off against a float64 reference. Run from the repository root:
//   dotnet run -c Release bench/onednn-conv.cs
// Measured 2026-12-02 (OMP_NUM_THREADS=1, AMD EPYC with AVX-512, libtorch 2.10, another 1-thread run beside it):
//   DARTS_V2 C=16 5 cells, batch 96, 1x28x28, ms/step median of 6: oneDNN on 745, off 1124, ratio on/off 0.66
//   bad passes of 100 (NaN/inf + error over 1e-3 of the float64 gradient's scale), oneDNN on / off:
//     conv 1->4 16x16 b8: 100 / 0; 4->4 16x16 b8: 100 / 0; 8->4 16x16 b8: 100 / 0; 8->4 14x14 b32: 100 / 0;
//     3->8 32x32 b64: 100 / 0; 16->16 28x28 b96: 0 / 0; 16->16 32x32 b64: 0 / 0
//   (1->4: oneDNN's input gradient off by up to 6.9 where float32 rounding gives 1e-6; weight gradients fine.)
// Measured 2026-12-01 (2 threads, AMD EPYC without AVX-512): oneDNN on 431, off 728 ms/step; 0 NaN of 200 passes.
// History: NaN input gradients in up to 20 of 100 passes of such convs (2026-11); a CI machine whose start-up
// self-check passed gave NaN at the first training step (2026-12-02). Hence off by default, NASSHARP_ONEDNN=1 to opt in.
#:project ../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using NasSharp.Networks;
using NasSharp.Runtime;
using NasSharp.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

TorchRuntime.Initialize();
Console.WriteLine($"threads {get_num_threads()}; oneDNN {TorchRuntime.OneDnnStatus}");
manual_seed(0);
using var net = NetworkBuilder.Build(PublishedArchitectures.Get("DARTS_V2"), new NetworkOptions(1, 28, 10, 16, 5));
var optimizer = optim.SGD(net.parameters(), 0.025, momentum: 0.9);
using var x = randn(96, 1, 28, 28);
using var y = randint(0, 10, [96]);

double Step()
{
    var sw = Stopwatch.StartNew();
    using var scope = NewDisposeScope();
    optimizer.zero_grad();
    nn.functional.cross_entropy(net.call(x), y).backward();
    optimizer.step();
    return sw.Elapsed.TotalMilliseconds;
}

int NanPasses(int passes)
{
    using var conv = nn.Conv2d(8, 4, 3, padding: 1, bias: false);
    var bad = 0;
    for (var i = 0; i < passes; i++)
    {
        using var scope = NewDisposeScope();
        var input = randn(32, 8, 14, 14).requires_grad_(true);
        conv.call(input).mul(3).sum().backward();
        if (input.grad!.isnan().any().item<bool>()) bad++;
    }
    return bad;
}

var times = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
foreach (var on in new[] { true, false }) { LibTorchBackends.SetMkldnn(on); Step(); Step(); } // warm-up both paths
for (var round = 0; round < 6; round++)
    foreach (var on in new[] { true, false })
    {
        LibTorchBackends.SetMkldnn(on);
        times[on].Add(Step());
    }
double Median(List<double> v) { var s = v.Order().ToArray(); return (s[s.Length / 2] + s[(s.Length - 1) / 2]) / 2; }
var nan = new Dictionary<bool, int>();
foreach (var on in new[] { true, false }) { LibTorchBackends.SetMkldnn(on); nan[on] = NanPasses(200); }
Console.WriteLine($"DARTS_V2 C=16 5 cells, batch 96, 1x28x28, ms/step median of 6: oneDNN on {Median(times[true]):F0}, off {Median(times[false]):F0}, ratio on/off {Median(times[true]) / Median(times[false]):F2}");
Console.WriteLine($"conv 8->4 3x3 14x14 batch 32: passes with NaN input gradient of 200: oneDNN on {nan[true]}, off {nan[false]}");

// Correctness: the same conv backward in float32 with oneDNN on and off, each against a float64 reference from the
// same inputs (float64 convs never use oneDNN). A pass is bad when a gradient has a NaN/inf, or when its largest error
// exceeds 1e-3 of the reference's largest magnitude (float32 rounding is ~1e-6 of it).
(int NonFinite, int Wrong) Bad(bool on, int cin, int cout, int batch, int size, int passes)
{
    var (nonFinite, wrong) = (0, 0);
    for (var i = 0; i < passes; i++)
    {
        using var scope = NewDisposeScope();
        var x = randn(batch, cin, size, size);
        var w = randn(cout, cin, 3, 3).mul_(0.3);
        var up = randn(batch, cout, size, size);
        (Tensor, Tensor) Grads(Tensor xx, Tensor ww, Tensor uu)
        {
            var xg = xx.detach().requires_grad_(true);
            var wg = ww.detach().requires_grad_(true);
            nn.functional.conv2d(xg, wg, padding: [1, 1]).backward([uu]);
            return (xg.grad!.to(float64), wg.grad!.to(float64));
        }
        var (dxRef, dwRef) = Grads(x.to(float64), w.to(float64), up.to(float64));
        LibTorchBackends.SetMkldnn(on);
        var (dx, dw) = Grads(x, w, up);
        bool Off(Tensor got, Tensor reference) => got.sub(reference).abs().max().item<double>() > 1e-3 * reference.abs().max().item<double>();
        if (!dx.isfinite().all().item<bool>() || !dw.isfinite().all().item<bool>()) nonFinite++;
        else if (Off(dx, dxRef) || Off(dw, dwRef)) wrong++;
    }
    return (nonFinite, wrong);
}
foreach (var (cin, cout, batch, size) in new[] { (1, 4, 8, 16), (4, 4, 8, 16), (8, 4, 8, 16), (8, 4, 32, 14), (16, 16, 96, 28), (3, 8, 64, 32), (16, 16, 64, 32) })
{
    var on = Bad(true, cin, cout, batch, size, 100);
    var off = Bad(false, cin, cout, batch, size, 100);
    Console.WriteLine($"conv {cin}->{cout} 3x3 {size}x{size} batch {batch}, bad passes of 100 (non-finite + wrong vs float64): oneDNN on {on.NonFinite} + {on.Wrong}, off {off.NonFinite} + {off.Wrong}");
}
LibTorchBackends.SetMkldnn(TorchRuntime.OneDnnEnabled);
