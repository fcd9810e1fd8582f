// Why avg_pool_3x3 runs on libtorch's channels-last kernel (Ops/AvgPool.cs), as max pooling does (bench/maxpool.cs):
// fwd+bwd of 3x3 average pooling (padding 1, padding not counted, as DARTS and ENAS) on the plain contiguous kernel
// against the channels-last route (copy in, pool, copy out; copies included), at the DARTS supernet's, ENAS micro's
// and a batch-1 shape, and whether output and gradient are bit-identical.
//   dotnet run -c Release bench/avgpool.cs
// Measured 2026-12-03 (2 threads, AMD EPYC with AVX-512, libtorch 2.10): see Ops/AvgPool.cs and bench/README.md.
#:project ../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using NasSharp.Runtime;
using TorchSharp;
using static TorchSharp.torch;

TorchRuntime.Initialize();
manual_seed(0);
double Median(Action f) { var t = new List<double>(); for (var i = 0; i < 15; i++) { using var s = NewDisposeScope(); var sw = Stopwatch.StartNew(); f(); t.Add(sw.Elapsed.TotalMilliseconds); } t.Sort(); return t[t.Count / 2]; }
Tensor Cl(Tensor x) => x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
foreach (var (n, c, size, stride) in new[] { (64, 16, 32, 1), (64, 32, 32, 2), (64, 32, 16, 1), (64, 64, 16, 2), (64, 64, 8, 1), (160, 20, 32, 1), (160, 40, 16, 1), (1, 16, 32, 1) })
{
    using var x = randn(n, c, size, size);
    Tensor Pool(Tensor a) => nn.functional.avg_pool2d(a, 3, stride, 1, count_include_pad: false);
    var outS = (size + 2 - 3) / stride + 1;
    using var g = randn(n, c, outS, outS);
    Tensor[] Plain() { var xg = x.detach().requires_grad_(true); var y = Pool(xg); return [y, torch.autograd.grad([y], [xg], [g])[0]]; }
    Tensor[] Channels() { var xg = x.detach().requires_grad_(true); var y = Pool(Cl(xg)).contiguous(); return [y, torch.autograd.grad([y], [xg], [Cl(g)])[0].contiguous()]; }
    using var scope = NewDisposeScope();
    var a = Plain(); var b = Channels();

    var maxdiff = Math.Max(a[0].sub(b[0]).abs().max().item<float>(), a[1].sub(b[1]).abs().max().item<float>());
    var tp = Median(() => Plain()); var tc = Median(() => Channels());
    Console.WriteLine($"{n}x{c}x{size}x{size} s{stride}: plain {tp,6:F2} ms  channels-last {tc,6:F2} ms  ratio {tc / tp:F2}  bit-identical {maxdiff == 0} (max diff {maxdiff:E1})");
}
