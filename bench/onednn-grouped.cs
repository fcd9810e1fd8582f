// Why BATS's grouped binary convs run on oneDNN (Ops/OneDnnGroupedConv.cs Run, TorchRuntime.GroupedConvOnOneDnn) while
// oneDNN is otherwise off: forward + backward time of a 12-group conv at BATS supernet shapes (batch 32) on libtorch's
// own kernels ("native", a loop over the groups), on oneDNN, and as unfold + batched matmul, each against the same
// conv in float64 (largest error over the float64 value's largest magnitude). Run from the repository root:
//   dotnet run -c Release bench/onednn-grouped.cs      (PyTorch 1.13 beside it: bench/reference/grouped.py)
// Measured 2026-12-03 (2 threads, AMD EPYC with AVX-512, libtorch 2.10, idle), ms native / oneDNN / unfold (PyTorch):
//   24 ch 32x32 3x3: 23.95 / 13.39 / 24.99 (18.03);  24 ch 32x32 5x5 dil 2: 80.65 / 23.36 / 334.93 (28.07)
//   48 ch 16x16 3x3: 7.79 / 2.33 / 12.22 (2.47);     96 ch 8x8 5x5: 12.42 / 1.61 / 12.13 (1.52)
//   24 ch 32x32 3x3 stride 2: 6.22 / 3.00 / 6.33 (2.70); 48 ch 16x16 3x3 dil 2 stride 2: 10.09 / 1.46 / 10.24 (1.34)
// Errors: every output and gradient within 1.8e-6 of float64 on all three routes. The BATS supernet step
// (bench/perf, batch 32) went from 31.7 s to 15.9 s (PyTorch 11.1 s).
#:project ../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using NasSharp.Runtime;
using TorchSharp;
using static TorchSharp.torch;
TorchRuntime.Initialize();
manual_seed(0);
// (batch, C, H, k, dilation, groups, stride)
var shapes = new (int B, int C, int H, int K, int D, int G, int S)[] {
  (32, 24, 32, 3, 1, 12, 1), (32, 24, 32, 5, 2, 12, 1), (32, 48, 16, 3, 1, 12, 1), (32, 96, 8, 5, 1, 12, 1), (32, 24, 32, 3, 1, 12, 2), (32, 48, 16, 3, 2, 12, 2) };
Tensor Unfolded(Tensor x, Tensor w, int k, int pad, int dil, int g, int s) {
  long b = x.shape[0], c = x.shape[1], h = x.shape[2];
  var cols = nn.functional.unfold(x, k, dil, pad, s); // [B, C*k*k, L]
  long L = cols.shape[2]; long ho = (long)Math.Sqrt(L);
  var co = w.shape[0];
  var wg = w.view(g, co / g, -1); // [G, Co/g, Cg*k*k]
  var xg = cols.view(b, g, -1, L); // [B, G, Cg*k*k, L]
  return wg.matmul(xg).view(b, co, ho, ho);
}
foreach (var (B, C, H, K, D, G, S) in shapes) {
  var pad = D * (K - 1) / 2;
  var x0 = randn(B, C, H, H); var w0 = randn(C, C / G, K, K) * 0.3;
  var results = new List<string>();
  foreach (var mode in new[] { "native", "onednn", "unfold" }) {
    var ts = new List<double>();
    Tensor? yOut = null, gx = null, gw = null;
    for (int i = 0; i < 12; i++) {
      using var scope = NewDisposeScope();
      var x = x0.detach().requires_grad_(true); var w = w0.detach().requires_grad_(true);
      var c = Stopwatch.StartNew();
      if (mode == "onednn") LibTorchBackends.SetMkldnn(true);
      var y = mode == "unfold" ? Unfolded(x, w, K, pad, D, G, S) : nn.functional.conv2d(x, w, strides: [S, S], padding: [pad, pad], dilation: [D, D], groups: G);
      y.backward([ones_like(y)]);
      if (mode == "onednn") LibTorchBackends.SetMkldnn(false);
      if (i >= 2) ts.Add(c.Elapsed.TotalMilliseconds);
      if (i == 11) { yOut = y.detach().MoveToOuterDisposeScope(); gx = x.grad!.MoveToOuterDisposeScope(); gw = w.grad!.MoveToOuterDisposeScope(); }
    }
    // float64 reference
    var xr = x0.to(float64).requires_grad_(true); var wr = w0.to(float64).requires_grad_(true);
    var yr = nn.functional.conv2d(xr, wr, strides: [S, S], padding: [pad, pad], dilation: [D, D], groups: G); yr.backward([ones_like(yr)]);
    double Err(Tensor a, Tensor r) => (a.to(float64) - r).abs().max().item<double>() / Math.Max(1e-12, r.abs().max().item<double>());
    ts.Sort();
    results.Add($"{mode} {ts[ts.Count / 2]:F2}ms err y {Err(yOut!, yr):E1} gx {Err(gx!, xr.grad!):E1} gw {Err(gw!, wr.grad!):E1}");
  }
  Console.WriteLine($"B{B} C{C} H{H} k{K} d{D} g{G} s{S}: " + string.Join(" | ", results));
}
