// Why Networks/MixedOp sums its terms with addcmul_ (sum += w_k * op_k(x) in one kernel) rather than
// sum.add_(op_k(x).mul(w_k)): time per term in one process, the product's allocation included, and how far the two
// results differ (the fused kernel rounds multiply-add once). Shapes: a BATS supernet activation (32x24x32x32) and a
// reduced one (32x96x8x8). Run from the repository root: `dotnet run -c Release bench/mixed-op-addcmul.cs`.
// Measured 2026-12-04 (2 threads, AMD EPYC with AVX-512, libtorch 2.10, nothing else running), four processes:
// 786432 elements mul+add_ 0.17-0.41 ms against addcmul_ 0.07-0.18 ms (one process level: 0.169 vs 0.183);
// 196608 elements 0.02-0.06 vs 0.01-0.03 ms. Results differ by at most 4.8e-7 (786k standard-normal values): not
// bit-identical. Memory: bench/README.md, "Transients".
#:project ../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

NasSharp.Runtime.TorchRuntime.Initialize();
manual_seed(0);
var one = 1.0.ToScalar();
foreach (var n in new long[] { 32 * 24 * 32 * 32, 32 * 96 * 8 * 8 })
{
    using var a = randn(n);
    using var b = randn(n);
    using var w = rand(8)[3];
    double tPlain = 0, tFused = 0;
    for (var rep = 0; rep < 6; rep++) // alternating blocks of 200 calls; the first block of each is warm-up
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < 200; i++) { using var t = b.mul(w); a.add_(t); }
        if (rep > 0) tPlain += sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        for (var i = 0; i < 200; i++) a.addcmul_(b, w, one);
        if (rep > 0) tFused += sw.Elapsed.TotalMilliseconds;
    }
    using var c = randn(n);
    using var plain = c.add(b.mul(w));
    using var fused = c.clone().addcmul_(b, w, one);
    Console.WriteLine($"{n} elements: mul+add_ {tPlain / 1000:F3} ms, addcmul_ {tFused / 1000:F3} ms per call; " +
                      $"max |difference| {(plain - fused).abs().max().item<float>():E2}");
}
