// Why a depthwise conv's backward is computed as depthwise forwards for 5x5 and dilated kernels
// (Ops/DepthwiseConvGradients.cs): libtorch 2.10's oneDNN has jit backward kernels only for undilated 3x3 depthwise
// convs with padding <= 1; other geometries fall to its gemm path (im2col/col2im), which was 20-25% of a DARTS
// supernet step in perf. Each shape of the DARTS supernet (batch 64): forward + backward (both gradients) through
// NasSharp's DepthwiseConv2d as shipped, against the same conv with oneDNN's own backward (plain autograd, oneDNN on),
// and each side's largest error against float64 (relative to the float64 gradient's largest magnitude).
//   dotnet run -c Release bench/depthwise-backward.cs
// Measured 2026-12-03 (2 threads, AMD EPYC with AVX-512, libtorch 2.10, idle): see bench/README.md.
#:project ../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using NasSharp.Ops;
using NasSharp.Runtime;
using TorchSharp;
using static TorchSharp.torch;

TorchRuntime.Initialize();
Console.WriteLine($"threads {get_num_threads()}; grouped convs on oneDNN: {TorchRuntime.GroupedConvStatus}");
manual_seed(0);
double Median(Action f)
{
    var t = new List<double>();
    for (var i = 0; i < 13; i++)
    {
        using var s = NewDisposeScope();
        var sw = Stopwatch.StartNew();
        f();
        t.Add(sw.Elapsed.TotalMilliseconds);
    }
    t.Sort();
    return t[t.Count / 2];
}
Console.WriteLine("shape                     | oneDNN's backward ms | NasSharp ms | ratio | error oneDNN dx/dw | error NasSharp dx/dw");
foreach (var (c, size) in new[] { (16, 32), (32, 16), (64, 8) })
foreach (var (k, d) in new[] { (3, 1), (5, 1), (3, 2), (5, 2) })
foreach (var stride in new[] { 1, 2 })
{
    var pad = d * (k - 1) / 2;
    using var conv = new DepthwiseConv2d(c, k, stride, pad, d);
    using var x = randn(64, c, size, size);
    var outSize = (size + 2 * pad - d * (k - 1) - 1) / stride + 1;
    using var g = randn(64, c, outSize, outSize);
    Tensor Plain(Tensor a, Tensor w) => nn.functional.conv2d(a, w, strides: [stride, stride], padding: [pad, pad], dilation: [d, d], groups: c);
    Tensor[] OneDnn()
    {
        var xg = x.detach().requires_grad_(true);
        var wg = conv.weight.detach().requires_grad_(true);
        LibTorchBackends.SetMkldnn(true);
        try { return [.. torch.autograd.grad([Plain(xg, wg)], [xg, wg], [g])]; }
        finally { LibTorchBackends.SetMkldnn(false); }
    }
    Tensor[] Shipped()
    {
        var xg = x.detach().requires_grad_(true);
        return [.. torch.autograd.grad([conv.call(xg)], [xg, conv.weight], [g])];
    }
    using var scope = NewDisposeScope();
    var x64 = x.to(float64).requires_grad_(true);
    var w64 = conv.weight.detach().to(float64).requires_grad_(true);
    var reference = torch.autograd.grad([Plain(x64, w64)], [x64, w64], [g.to(float64)]);
    string Errors(Tensor[] got) => string.Join("/", got.Select((t, i) =>
        (t.to(float64).sub(reference[i]).abs().max().item<double>() / reference[i].abs().max().item<double>()).ToString("E0")));
    var (eOne, eShip) = (Errors(OneDnn()), Errors(Shipped()));
    var tOne = Median(() => OneDnn());
    var tShip = Median(() => Shipped());
    Console.WriteLine($"C={c,2} {size,2}x{size,-2} k{k} d{d} s{stride}     | {tOne,20:F2} | {tShip,11:F2} | {tShip / tOne,5:F2} | {eOne,18} | {eShip,20}");
}
