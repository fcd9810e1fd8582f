// Whether 1x1 (pointwise) convs should run on oneDNN while it is otherwise off: forward + backward time of 1x1 convs
// at the DARTS family's shapes on libtorch's own kernels and on oneDNN, and every pass's largest error against the
// same conv in float64 (output, input gradient, weight gradient; over the float64 value's largest magnitude).
// Run from the repository root:
//   dotnet run -c Release bench/onednn-pointwise.cs [passes]
// Measured 2026-12-03 (2 threads, AMD EPYC with AVX-512, libtorch 2.10, idle), 20 passes, ms native / oneDNN:
//   stride 1, channels multiples of 16: b64 48->16 32x32 5.11 / 3.95 (0.77x); 16->16 1.90 / 2.01 (1.06x);
//   128->32 16x16 4.25 / 2.94 (0.69x); 256->64 8x8 3.79 / 2.56 (0.67x); b96 64->32 14x14 3.17 / 2.08 (0.66x);
//   128->64 7x7 2.98 / 1.91 (0.64x); 64->64 7x7 1.81 / 1.38 (0.76x)
//   stride 2 (FactorizedReduce): 16->8 1.17x, 32->16 1.58x, 64->32 1.46x, 64->8 0.78x; 20 or 24 channels: 1.36-1.56x;
//   4-8 channels: 1.5-5.8x. Sum over the 27 shapes 78.4 / 72.3 ms (0.92x).
//   oneDNN's 1x1 convs were within 2.2e-6 of float64 in every pass (540 passes, 0 bad), small channels included.
// Not adopted: routed through the checked oneDNN function (Ops/OneDnnGroupedConv, whose backward recomputes the
// forward because libtorch re-picks the backend at backward time and TorchSharp has no convolution_backward), the
// DARTS_V2 child step was no faster (405 / 441 ms native, 420 / 425 ms oneDNN, alternating): the recomputed forward
// eats the ~25% the kernels gain.
#:project ../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using NasSharp.Runtime;
using TorchSharp;
using static TorchSharp.torch;
TorchRuntime.Initialize();
manual_seed(0);
var passes = args.Length > 0 ? int.Parse(args[0]) : 20;
// (batch, C_in, C_out, H, stride)
var shapes = new (int B, int Ci, int Co, int H, int S)[] {
  (64, 48, 16, 32, 1), (64, 16, 16, 32, 1), (64, 64, 16, 32, 1), (64, 32, 32, 16, 1), (64, 128, 32, 16, 1), (64, 64, 64, 8, 1), (64, 256, 64, 8, 1),
  (96, 48, 16, 28, 1), (96, 16, 16, 28, 1), (96, 64, 32, 14, 1), (96, 32, 32, 14, 1), (96, 128, 64, 7, 1), (96, 64, 64, 7, 1),
  (64, 16, 8, 32, 2), (64, 64, 8, 32, 2), (64, 32, 16, 16, 2), (96, 16, 8, 28, 2), (96, 64, 32, 14, 2),
  (160, 20, 20, 32, 1), (160, 80, 40, 16, 1), (160, 40, 40, 16, 1), (32, 24, 24, 32, 1),
  (8, 4, 4, 16, 1), (8, 8, 4, 16, 1), (32, 8, 8, 14, 1), (8, 1, 4, 16, 1), (64, 3, 8, 32, 1) };
double Err(Tensor a, Tensor r) => (a.to(float64) - r).abs().max().item<double>() / Math.Max(1e-12, r.abs().max().item<double>());
double sumNative = 0, sumOne = 0;
foreach (var (B, Ci, Co, H, S) in shapes) {
  var times = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
  double worst = 0; var bad = 0;
  for (int i = 0; i < passes; i++) {
    using var scope = NewDisposeScope();
    var x0 = randn(B, Ci, H, H); var w0 = randn(Co, Ci, 1, 1) * 0.3; 
    var up = randn(B, Co, (H - 1) / S + 1, (H - 1) / S + 1);
    var xr = x0.to(float64).requires_grad_(true); var wr = w0.to(float64).requires_grad_(true);
    var yr = nn.functional.conv2d(xr, wr, strides: [S, S]); yr.backward([up.to(float64)]);
    foreach (var on in i % 2 == 0 ? new[] { false, true } : new[] { true, false }) {
      var x = x0.detach().requires_grad_(true); var w = w0.detach().requires_grad_(true);
      var c = Stopwatch.StartNew();
      LibTorchBackends.SetMkldnn(on);
      var y = nn.functional.conv2d(x, w, strides: [S, S]);
      y.backward([up]);
      LibTorchBackends.SetMkldnn(false);
      var ms = c.Elapsed.TotalMilliseconds;
      if (i >= 2) times[on].Add(ms);
      var e = Math.Max(Err(y, yr), Math.Max(Err(x.grad!, xr.grad!), Err(w.grad!, wr.grad!)));
      var finite = y.isfinite().all().item<bool>() && x.grad!.isfinite().all().item<bool>() && w.grad!.isfinite().all().item<bool>();
      if (on) { worst = Math.Max(worst, finite ? e : double.PositiveInfinity); if (!finite || e > 1e-4) bad++; }
    }
  }
  double Med(List<double> l) { l.Sort(); return l[l.Count / 2]; }
  var (n, o) = (Med(times[false]), Med(times[true]));
  sumNative += n; sumOne += o;
  Console.WriteLine($"b{B} {Ci}->{Co} {H}x{H} s{S}: native {n:F2} ms, oneDNN {o:F2} ms ({o / n:F2}x); oneDNN worst error {worst:E1}, bad passes {bad}/{passes}");
}
Console.WriteLine($"sum native {sumNative:F1} ms, oneDNN {sumOne:F1} ms ({sumOne / sumNative:F2}x)");
