// Whether 1x1 (pointwise) convs should run on oneDNN while it is otherwise off: forward + backward time of 1x1 convs
// at the DARTS family's shapes on libtorch's own kernels and on oneDNN, and every pass's largest error against the
// same conv in float64 (output, input gradient, weight gradient; over the float64 value's largest magnitude).
// Run from the repository root:
//   dotnet run -c Release bench/onednn-pointwise.cs [passes]
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
