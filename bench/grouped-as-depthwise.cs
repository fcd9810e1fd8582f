// Why BATS's grouped binary convs with 2 channels a group run as a depthwise conv over the repeated input
// (Ops/GroupedConvAsDepthwise.cs) and those with more stay on oneDNN's grouped conv (Ops/OneDnnGroupedConv.cs):
// fwd+bwd (both gradients) of a 12-group conv at the BATS supernet's shapes (batch 32) through each route, interleaved,
// median of 11, and the largest difference between the routes (relative to the gradient's largest magnitude).
//   dotnet run -c Release bench/grouped-as-depthwise.cs
// Measured 2026-12-03 (2 threads, AMD EPYC with AVX-512, libtorch 2.10): see bench/README.md.
#:project ../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using System.Reflection;
using NasSharp.Runtime;
using TorchSharp;
using static TorchSharp.torch;

TorchRuntime.Initialize();
Console.WriteLine($"threads {get_num_threads()}; grouped convs on oneDNN: {TorchRuntime.GroupedConvStatus}");
manual_seed(0);
// Both routes are internal: reached by reflection, so the script times exactly what NasSharp runs.
Func<Tensor, Tensor, int, int, int, int, Tensor> Route(string type)
{
    var m = typeof(NasSharp.Ops.DepthwiseConv2d).Assembly.GetType($"NasSharp.Ops.{type}")!.GetMethod("Apply", BindingFlags.Public | BindingFlags.Static)!;
    return (x, w, s, p, d, g) => (Tensor)m.Invoke(null, [x, w, s, p, d, g])!;
}
var grouped = Route("OneDnnGroupedConv");
var asDepthwise = Route("GroupedConvAsDepthwise");
double Median(Action f)
{
    var t = new List<double>();
    for (var i = 0; i < 11; i++)
    {
        using var s = NewDisposeScope();
        var sw = Stopwatch.StartNew();
        f();
        t.Add(sw.Elapsed.TotalMilliseconds);
    }
    t.Sort();
    return t[t.Count / 2];
}
const int Groups = 12;
Console.WriteLine("shape (batch 32, 12 groups) | oneDNN grouped ms | as depthwise ms | ratio | difference");
foreach (var (c, size, strides) in new[] { (24, 32, new[] { 1, 2 }), (48, 32, new[] { 2 }), (48, 16, new[] { 1, 2 }), (96, 8, new[] { 1 }) })
foreach (var stride in strides)
foreach (var (k, d) in new[] { (3, 1), (5, 1), (3, 2), (5, 2) })
{
    var pad = d * (k - 1) / 2;
    using var x = randn(32, c, size, size);
    using var w = randn(c, c / Groups, k, k);
    var outSize = (size + 2 * pad - d * (k - 1) - 1) / stride + 1;
    using var g = randn(32, c, outSize, outSize);
    Tensor[] Pass(Func<Tensor, Tensor, int, int, int, int, Tensor> route)
    {
        var xg = x.detach().requires_grad_(true);
        var wg = w.detach().requires_grad_(true);
        return [.. torch.autograd.grad([route(xg, wg, stride, pad, d, Groups)], [xg, wg], [g])];
    }
    using var scope = NewDisposeScope();
    var (a, b) = (Pass(grouped), Pass(asDepthwise));
    var diff = Enumerable.Range(0, 2).Max(i => a[i].sub(b[i]).abs().max().item<float>() / a[i].abs().max().item<float>());
    var (tGrouped, tDepthwise) = (Median(() => Pass(grouped)), Median(() => Pass(asDepthwise)));
    Console.WriteLine($"{c,2}x{size,2}x{size,-2} {k}x{k} d{d} s{stride}          | {tGrouped,17:F2} | {tDepthwise,14:F2} | {tDepthwise / tGrouped,5:F2} | {diff:E0}");
}
