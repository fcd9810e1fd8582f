// Why Ops/MaxPool runs libtorch's channels-last max-pool kernel: forward + backward of a 3x3 max pool (padding 1) on
// the plain contiguous kernel ("nchw") and through channels-last copies ("nhwc", both copies included), on inputs with
// many ties (ReLU'd small integers), checking that output and gradient are bit-identical. Run from the repository root:
//   dotnet run -c Release bench/maxpool.cs
// Measured 2026-12-03 (2 threads, AMD EPYC with AVX-512, idle), ms nchw -> nhwc, all bit-identical:
//   96x32x28 s2 53.63 -> 8.71; 96x16x32 s1 19.98 -> 9.50; 96x32x16 s1 9.78 -> 7.02; 96x64x14 s2 5.00 -> 2.13;
//   96x64x16 s2 6.48 -> 3.45; 96x64x8 s1 5.01 -> 1.16; 96x64x7 s1 3.70 -> 1.17; 64x16x32 s2 4.32 -> 2.07;
//   1x16x28 s1 0.11 -> 0.16 (hence the size threshold); 32x24x32 s1 10.15 -> 4.25; 160x20x32 s1 41.48 -> 24.63;
//   160x40x16 s1 20.84 -> 6.27. In the DARTS_V2 child step the max pool went from 15% of perf samples to 1.6%.
#:project ../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using NasSharp.Runtime;
using TorchSharp;
using static TorchSharp.torch;
TorchRuntime.Initialize();
manual_seed(0);
foreach (var (b, c, h, s) in new[] { (96, 32, 28, 2), (96, 16, 32, 1), (96, 32, 16, 1), (96, 64, 14, 2), (96, 64, 16, 2), (96, 64, 8, 1), (96, 64, 7, 1), (64, 16, 32, 2), (1, 16, 28, 1), (32, 24, 32, 1), (160, 20, 32, 1), (160, 40, 16, 1) }) {
  var x0 = nn.functional.relu(randn(b, c, h, h)).mul(4).round();
  var res = new List<string>();
  Tensor? refY = null, refG = null;
  foreach (var mode in new[] { "nchw", "nhwc" }) {
    var ts = new List<double>();
    for (int i = 0; i < 12; i++) {
      using var scope = NewDisposeScope();
      var x = x0.detach().requires_grad_(true);
      var sw = Stopwatch.StartNew();
      var xin = mode == "nhwc" ? x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2) : x;
      var y = nn.functional.max_pool2d(xin, 3, s, 1);
      if (mode == "nhwc") y = y.contiguous();
      y.backward([ones_like(y) * 0.5]);
      if (i >= 2) ts.Add(sw.Elapsed.TotalMilliseconds);
      if (i == 11) {
        if (refY is null) { refY = y.detach().MoveToOuterDisposeScope(); refG = x.grad!.MoveToOuterDisposeScope(); }
        else res.Add($"same y {y.detach().equal(refY).all().item<bool>()} same grad {x.grad!.equal(refG!).all().item<bool>()}");
      }
    }
    ts.Sort(); res.Add($"{mode} {ts[5]:F2} ms");
  }
  Console.WriteLine($"{b}x{c}x{h} s{s}: {string.Join(" | ", res)}");
}
