// Whether batch norm's training forward is worth replacing (it is not, with TorchSharp 0.107): libtorch 2.10 collects
// each channel's mean and variance in a scalar loop with a double accumulator
// (aten/src/ATen/native/cpu/batch_norm_kernel.cpp, batch_norm_cpu_collect_stats_contiguous_impl; 5% of a DARTS_V2 child
// step's perf samples, the backward 3%, the transform 1%), while its eval-mode transform and its backward are
// vectorised. This times, per shape, libtorch's training forward against the same statistics from vectorised
// reductions (sum over the image then the batch; the centred second pass as the kernel does) plus the eval-mode
// transform with them as running statistics; then forward + backward, libtorch's training batch norm through autograd
// against that forward plus the backward written out (TorchSharp binds no native_batch_norm_backward, so a custom
// function would have to compute it from tensor ops). bench/reference/batchnorm_stats.py times PyTorch 1.13's training
// forward on the same shapes. Run from the repository root, one at a time:
//   OMP_NUM_THREADS=2 dotnet run -c Release bench/batchnorm-stats.cs
//   OMP_NUM_THREADS=2 /usr/bin/python3 bench/reference/batchnorm_stats.py
// Measured 2026-12-03 (2 threads, AMD EPYC, a noisy VM: the same row moved 2x between runs), forward alone, libtorch /
// reductions: 96x16x28x28 1.84 / 0.62 ms (0.34x) and 3.92 / 0.57 in a second run; 96x64x28x28 7.05 / 3.33 (0.47x) and
// 7.05 / 7.79 (1.10x); 96x32x14x14 0.42-0.48x; 96x128x14x14 0.33-0.38x; 64x16x32x32 0.28-0.35x; 64x64x16x16 0.28-0.40x;
// outputs within 9.5e-7. PyTorch 1.13's training forward: 1.27, 5.82, 0.60, 2.52, 1.00, 1.01 ms (also scalar).
// Forward + backward, libtorch / written out: 9.91 / 8.26 (0.83x), 11.81 / 14.52 (1.23x), 1.38 / 1.36 (0.98x),
// 5.64 / 6.88 (1.22x), 2.07 / 2.13 (1.03x), 2.24 / 2.35 (1.05x); gradients within 4.3e-7 of the largest. The written-out
// backward makes 7 reads and 3 writes of the tensor where libtorch's fused one makes about 4 and 1, eating what the
// forward gains: not adopted. It would pay with a binding of native_batch_norm_backward (forward stats by reductions,
// libtorch's backward with them).
#:project ../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using NasSharp.Runtime;
using TorchSharp;
using static TorchSharp.torch;
TorchRuntime.Initialize();
manual_seed(0);
static double Time(Action a, int n = 30)
{
    for (var i = 0; i < 5; i++) a();
    var t = new List<double>();
    for (var i = 0; i < n; i++) { var sw = Stopwatch.StartNew(); a(); t.Add(sw.Elapsed.TotalMilliseconds); }
    t.Sort();
    return t[n / 2];
}
foreach (var (n, c, h) in new[] { (96, 16, 28), (96, 64, 28), (96, 32, 14), (96, 128, 14), (64, 16, 32), (64, 64, 16) })
{
    var x = randn(n, c, h, h).mul(2).add(1);
    var (w, b) = (rand(c), randn(c));
    var native = Time(() =>
    {
        using var s = NewDisposeScope();
        nn.functional.batch_norm(x, zeros(c), ones(c), w, b, true, 0.1, 1e-5);
    });
    Tensor Reduced()
    {
        var m = (double)(n * h * h);
        using var v = x.view(n, c, h * h);
        using var sum = v.sum([2L]).sum([0L]);
        using var mean = sum.div(m);
        using var centred = x - mean.view(1, c, 1, 1);
        using var sq = centred.mul_(centred);
        using var var = sq.view(n, c, h * h).sum([2L]).sum([0L]).div_(m);
        return nn.functional.batch_norm(x, mean, var, w, b, false, 0.1, 1e-5);
    }
    var reduced = Time(() => { using var s = NewDisposeScope(); Reduced(); });
    using var yNative = nn.functional.batch_norm(x, zeros(c), ones(c), w, b, true, 0.1, 1e-5);
    using var yReduced = Reduced();
    var diff = (yNative - yReduced).abs().max().item<float>();
    // Forward + backward: libtorch's training batch norm through autograd, against the reductions' forward plus the
    // backward written out from the saved mean and 1/std (db = Σdy, dw = (Σdy·x − mean·db)/std,
    // dx = w/std·(dy − db/M − x̂·dw/M), as two fused multiply-adds over the tensor).
    var dy = randn(n, c, h, h);
    var nativeBoth = Time(() =>
    {
        using var s = NewDisposeScope();
        var (xg, wg, bg) = (x.detach().requires_grad_(true), w.detach().requires_grad_(true), b.detach().requires_grad_(true));
        nn.functional.batch_norm(xg, zeros(c), ones(c), wg, bg, true, 0.1, 1e-5).backward([dy]);
    });
    (Tensor Dx, Tensor Dw, Tensor Db) Written()
    {
        var m = (double)(n * h * h);
        using var y = Reduced();
        using var mean = x.view(n, c, h * h).sum([2L]).sum([0L]).div_(m);
        using var centred = x - mean.view(1, c, 1, 1);
        using var invstd = centred.mul_(centred).view(n, c, h * h).sum([2L]).sum([0L]).div_(m).add_(1e-5).rsqrt_();
        var db = dy.view(n, c, h * h).sum([2L]).sum([0L]);
        using var dyx = dy * x;
        using var sdx = dyx.view(n, c, h * h).sum([2L]).sum([0L]);
        var dw = (sdx - mean * db).mul_(invstd);
        using var a = w * invstd;
        using var k1 = (a * invstd * dw).div_(-m);
        using var k0 = (a * db).div_(-m).sub_(k1 * mean);
        var dx = torch.addcmul(k0.view(1, c, 1, 1), x, k1.view(1, c, 1, 1), 1);
        dx.addcmul_(dy, a.view(1, c, 1, 1), 1);
        return (dx, dw, db);
    }
    var writtenBoth = Time(() => { using var s = NewDisposeScope(); Written(); });
    var (xn, wn, bn) = (x.detach().requires_grad_(true), w.detach().requires_grad_(true), b.detach().requires_grad_(true));
    nn.functional.batch_norm(xn, zeros(c), ones(c), wn, bn, true, 0.1, 1e-5).backward([dy]);
    var (dx, dw, db) = Written();
    double Rel(Tensor a, Tensor r) => (a - r).abs().max().item<float>() / Math.Max(1e-12, r.abs().max().item<float>());
    var gdiff = Math.Max(Rel(dx, xn.grad!), Math.Max(Rel(dw, wn.grad!), Rel(db, bn.grad!)));
    Console.WriteLine($"{n}x{c}x{h}x{h}: training forward libtorch {native:F2} ms, reductions + eval transform {reduced:F2} ms ({reduced / native:F2}x), max output difference {diff:E1}; " +
        $"fwd+bwd libtorch {nativeBoth:F2} ms, written out {writtenBoth:F2} ms ({writtenBoth / nativeBoth:F2}x), largest gradient difference {gdiff:E1} of the largest");
}
