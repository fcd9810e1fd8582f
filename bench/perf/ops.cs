// Where the conv rows' gap comes from: single ops of a DARTS cell, forward + backward, at the sizes of a child network's
// normal cells (96x48x28x28) and reduction-side cells (96x48x7x7); bench/reference/ops.py is PyTorch's side with the
// same ops, sizes and method (a fresh leaf input every step, median of 20 after 5 warm-up). Run from the repository root:
//   dotnet run -c Release bench/perf/ops.cs; /usr/bin/python3 bench/reference/ops.py
// Measured 2026-12-02 (2 threads, AMD EPYC with AVX-512, idle; NasSharp oneDNN off, PyTorch 1.13 oneDNN on), ms
// NasSharp / PyTorch (ratio): at 7x7 depthwise 3x3 7.55 / 0.55 (13.7x), 1x1 conv 1.26 / 0.50 (2.5x), max pool 1.3x,
// the rest 0.6-1.1x; at 28x28 1x1 conv 10.8 / 6.4 (1.7x), batch norm 16.5 / 8.1 (2.0x), max pool 1.3x, depthwise 3x3
// 37.0 / 57.5 (0.64x), relu, add, avg pool 0.8-1.3x, cat 0.03x (PyTorch 1.13's cat backward is slow here).
// Rerun later the same day with the DepthwiseConv2d op (oneDNN for that kernel only): dwconv3-op 12.1 ms at 28x28 and
// 1.13 ms at 7x7 (the plain grouped conv 35.7 / 8.2; PyTorch 57.5 / 0.55); max pool 3x3 is now the dearest op at
// 28x28 (51.3 ms, PyTorch 39.5).
// So the leads: grouped (depthwise) convs at small sizes, where libtorch without oneDNN loops over the 48 groups, and
// 1x1 convs (a plain matrix product: MKL vs OpenBLAS, see matmul-peak).
#:project ../../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

NasSharp.Runtime.TorchRuntime.Initialize();
manual_seed(0);
var bn = nn.BatchNorm2d(48);
bn.train();
var w1 = randn(48, 48, 1, 1).requires_grad_(true);
var wd = randn(48, 1, 3, 3).requires_grad_(true);
var depthwise = new NasSharp.Ops.DepthwiseConv2d(48, 3, padding: 1); // what DARTS ops use: oneDNN for this kernel only
var cases = new (string Name, Func<Tensor, Tensor> F)[]
{
    ("relu", t => nn.functional.relu(t)),
    ("batchnorm", t => bn.call(t)),
    ("add", t => t + t),
    ("maxpool3", t => nn.functional.max_pool2d(t, 3, 1, 1)),
    ("avgpool3", t => nn.functional.avg_pool2d(t, 3, 1, 1, count_include_pad: false)),
    ("conv1x1", t => nn.functional.conv2d(t, w1)),
    ("dwconv3", t => nn.functional.conv2d(t, wd, padding: [1], groups: 48)),
    ("dwconv3-op", t => depthwise.call(t)),
    ("cat4", t => cat([t, t, t, t], 1)),
};
foreach (var size in new[] { 28, 7 })
{
    using var input = randn(96, 48, size, size);
    foreach (var (name, f) in cases)
    {
        var times = new List<double>();
        for (var i = 0; i < 25; i++)
        {
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            var x = input.detach().requires_grad_(true);
            f(x).sum().backward();
            if (i >= 5) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"96x48x{size}x{size} {name,-10} {(times[9] + times[10]) / 2,8:F3} ms");
    }
}
