// Why NasSharp runs depthwise convs on oneDNN (Ops/DepthwiseConv2d.cs, TorchRuntime.GroupedConvOnOneDnn) while oneDNN
// stays off for everything else: is libtorch 2.10's oneDNN depthwise conv correct here (dense small convs are not:
// bench/onednn-conv.cs), and how much faster is it? Each shape: 8-20 fwd+bwd passes in float32 with oneDNN on, against
// float64 on the reference kernels; at batch 96 also the fwd+bwd time with oneDNN on and off.
//   dotnet run -c Release bench/onednn-depthwise.cs
// Measured 2026-12-02 (2 threads, AMD EPYC with AVX-512, libtorch 2.10, idle): 168 shapes (4-64 channels, kernel 3/5,
// dilation 1/2, stride 1/2, 7x7 to 32x32), 0 bad passes, worst relative error 4.3e-7. Time fwd+bwd, batch 96, ms, on/off:
//   C=48 3x3 14x14: 1.78 / 14.61; 7x7: 0.77 / 8.04; 5x5 14x14: 11.58 / 36.76; dilated 3x3 14x14: 7.78 / 75.09;
//   dilated 5x5 7x7: 9.00 / 67.01; C=16 3x3 14x14: 0.73 / 5.32; C=8 dilated 3x3 14x14: 1.65 / 12.00 (3-10x faster).
#:project ../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using NasSharp.Runtime;
using TorchSharp;
using static TorchSharp.torch;

TorchRuntime.Initialize();
Console.WriteLine($"threads {get_num_threads()}; oneDNN {TorchRuntime.OneDnnStatus}");
manual_seed(0);
(int NonFinite, int Wrong, double Worst) Bad(bool on, int c, int k, int dil, int stride, int batch, int size, int passes)
{
    var (nonFinite, wrong, worst) = (0, 0, 0.0);
    var pad = dil * (k - 1) / 2;
    for (var i = 0; i < passes; i++)
    {
        using var scope = NewDisposeScope();
        var x = randn(batch, c, size, size);
        var w = randn(c, 1, k, k).mul_(0.3);
        var outSize = (size + 2 * pad - dil * (k - 1) - 1) / stride + 1;
        var up = randn(batch, c, outSize, outSize);
        (Tensor, Tensor, Tensor) Run(Tensor xx, Tensor ww, Tensor uu)
        {
            var xg = xx.detach().requires_grad_(true);
            var wg = ww.detach().requires_grad_(true);
            var y = nn.functional.conv2d(xg, wg, strides: [stride, stride], padding: [pad, pad], dilation: [dil, dil], groups: c);
            y.backward([uu]);
            return (y.detach().to(float64), xg.grad!.to(float64), wg.grad!.to(float64));
        }
        var (yRef, dxRef, dwRef) = Run(x.to(float64), w.to(float64), up.to(float64));
        LibTorchBackends.SetMkldnn(on);
        var (y, dx, dw) = Run(x, w, up);
        LibTorchBackends.SetMkldnn(false);
        double Err(Tensor got, Tensor reference) => got.sub(reference).abs().max().item<double>() / reference.abs().max().item<double>();
        if (!y.isfinite().all().item<bool>() || !dx.isfinite().all().item<bool>() || !dw.isfinite().all().item<bool>()) { nonFinite++; continue; }
        var e = Math.Max(Err(y, yRef), Math.Max(Err(dx, dxRef), Err(dw, dwRef)));
        worst = Math.Max(worst, e);
        if (e > 1e-3) wrong++;
    }
    return (nonFinite, wrong, worst);
}
double Time(bool on, int c, int k, int dil, int stride, int batch, int size)
{
    var pad = dil * (k - 1) / 2;
    using var x = randn(batch, c, size, size);
    using var w = randn(c, 1, k, k);
    var t = new List<double>();
    LibTorchBackends.SetMkldnn(on);
    for (var i = 0; i < 8; i++)
    {
        using var scope = NewDisposeScope();
        var sw = Stopwatch.StartNew();
        var xg = x.detach().requires_grad_(true);
        var wg = w.detach().requires_grad_(true);
        nn.functional.conv2d(xg, wg, strides: [stride, stride], padding: [pad, pad], dilation: [dil, dil], groups: c).sum().backward();
        if (i >= 3) t.Add(sw.Elapsed.TotalMilliseconds);
    }
    LibTorchBackends.SetMkldnn(false);
    t.Sort();
    return t[t.Count / 2];
}
foreach (var c in new[] { 4, 8, 16, 32, 48, 64 })
    foreach (var (k, dil) in new[] { (3, 1), (5, 1), (3, 2), (5, 2) })
        foreach (var stride in new[] { 1, 2 })
            foreach (var (batch, size) in new[] { (8, 16), (96, 14), (64, 32), (96, 7) })
            {
                if (size == 7 && stride == 2) continue;
                var on = Bad(true, c, k, dil, stride, batch, size, size >= 28 ? 8 : 20);
                var line = $"dw C={c} k={k} dil={dil} s={stride} b={batch} {size}x{size}: oneDNN bad {on.NonFinite}+{on.Wrong} worst rel err {on.Worst:E1}";
                if (batch == 96) line += $"  ms fwd+bwd on {Time(true, c, k, dil, stride, batch, size):F2} off {Time(false, c, k, dil, stride, batch, size):F2}";
                Console.WriteLine(line);
            }
