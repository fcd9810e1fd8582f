// Why NasSharp runs with oneDNN on (src/NasSharp/Runtime/LibTorchBackends.cs, TorchRuntime.cs): speed and correctness
// of a DARTS_V2 child network training step with oneDNN on vs off, interleaved in one process, plus NaN input
// gradients of a small 3x3 conv, and what the start-up self-check decided. Run from the repository root:
//   dotnet run -c Release bench/onednn-conv.cs
// Measured 2026-12-01 (2 threads, AMD EPYC, libtorch 2.10, load average 2.4-3.7 from other builds):
//   start-up self-check: on, 9 conv backward passes agree (351 ms under that load; 23-49 ms in quieter runs)
//   DARTS_V2 C=16 5 cells, batch 96, 1x28x28, ms/step median of 6: oneDNN on 431, off 728, ratio on/off 0.59
//   conv 8->4 3x3 14x14 batch 32: passes with NaN input gradient of 200: oneDNN on 0, off 0
// History: NasSharp once turned oneDNN off after NaN input gradients in up to 20 of 100 passes of such convs.
#:project ../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using NasSharp.Networks;
using NasSharp.Runtime;
using NasSharp.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

TorchRuntime.Initialize();
Console.WriteLine($"threads {get_num_threads()}; oneDNN {TorchRuntime.OneDnnStatus}");
manual_seed(0);
using var net = NetworkBuilder.Build(PublishedArchitectures.Get("DARTS_V2"), new NetworkOptions(1, 28, 10, 16, 5));
var optimizer = optim.SGD(net.parameters(), 0.025, momentum: 0.9);
using var x = randn(96, 1, 28, 28);
using var y = randint(0, 10, [96]);

double Step()
{
    var sw = Stopwatch.StartNew();
    using var scope = NewDisposeScope();
    optimizer.zero_grad();
    nn.functional.cross_entropy(net.call(x), y).backward();
    optimizer.step();
    return sw.Elapsed.TotalMilliseconds;
}

int NanPasses(int passes)
{
    using var conv = nn.Conv2d(8, 4, 3, padding: 1, bias: false);
    var bad = 0;
    for (var i = 0; i < passes; i++)
    {
        using var scope = NewDisposeScope();
        var input = randn(32, 8, 14, 14).requires_grad_(true);
        conv.call(input).mul(3).sum().backward();
        if (input.grad!.isnan().any().item<bool>()) bad++;
    }
    return bad;
}

var times = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
foreach (var on in new[] { true, false }) { LibTorchBackends.SetMkldnn(on); Step(); Step(); } // warm-up both paths
for (var round = 0; round < 6; round++)
    foreach (var on in new[] { true, false })
    {
        LibTorchBackends.SetMkldnn(on);
        times[on].Add(Step());
    }
double Median(List<double> v) { var s = v.Order().ToArray(); return (s[s.Length / 2] + s[(s.Length - 1) / 2]) / 2; }
var nan = new Dictionary<bool, int>();
foreach (var on in new[] { true, false }) { LibTorchBackends.SetMkldnn(on); nan[on] = NanPasses(200); }
Console.WriteLine($"DARTS_V2 C=16 5 cells, batch 96, 1x28x28, ms/step median of 6: oneDNN on {Median(times[true]):F0}, off {Median(times[false]):F0}, ratio on/off {Median(times[true]) / Median(times[false]):F2}");
Console.WriteLine($"conv 8->4 3x3 14x14 batch 32: passes with NaN input gradient of 200: oneDNN on {nan[true]}, off {nan[false]}");
