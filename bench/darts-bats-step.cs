// Cost of one DARTS/BATS bilevel step (α step + ω step) on the cpu-small supernets, interleaved in one process, as
// ratios to the DARTS first-order step: DARTS first order, DARTS second order (unrolled), BATS first order (binary
// blocks, T = 0.2). Backs README's "a DARTS step ~2 s, a BATS step ~3.5 s" and the second-order overhead. Run from the
// repository root on an otherwise idle machine:
//   dotnet run -c Release bench/darts-bats-step.cs
// Measured 2026-12-02 (2 threads, AMD EPYC, libtorch 2.10, oneDNN on, idle machine), median of 6 after 2 warm-up rounds:
//   darts first order 2629 ms/step (1.00), darts second order 6336 ms (2.41), bats first order (C=12) 4082 ms (1.55)
#:project ../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using NasSharp.Networks;
using NasSharp.Strategies.Darts;
using TorchSharp;
using static TorchSharp.torch;

NasSharp.Runtime.TorchRuntime.Initialize();
Console.WriteLine($"threads {get_num_threads()}; oneDNN {NasSharp.Runtime.TorchRuntime.OneDnnStatus}");
var cases = new (string Name, DartsOptions Options)[]
{
    ("darts first order", DartsPresets.Options("darts", "darts", "cpu-small")),
    ("darts second order", DartsPresets.Options("darts", "darts", "cpu-small") with { Unrolled = true }),
    ("bats first order", DartsPresets.Options("bats", "darts", "cpu-small")),
};
var setups = cases.Select(c =>
{
    manual_seed(0);
    var net = DartsSearch.BuildSupernet(c.Options, "darts", new NetworkOptions(1, 28, 10, c.Options.Channels, c.Options.Layers));
    return (c.Name, Net: net, Step: new BilevelOptimizer(net, c.Options), Batch: c.Options.BatchSize);
}).ToArray();
var times = setups.Select(_ => new List<double>()).ToArray();
using var x = randn(32, 1, 28, 28);
using var y = randint(0, 10, 32);
for (var round = 0; round < 8; round++)
    for (var i = 0; i < setups.Length; i++)
    {
        using var scope = NewDisposeScope();
        var sw = Stopwatch.StartNew();
        setups[i].Step.Step(x, y, x, y);
        if (round >= 2) times[i].Add(sw.Elapsed.TotalMilliseconds); // 2 warm-up rounds
    }
double Median(List<double> t) => t.Order().ElementAt(t.Count / 2);
var reference = Median(times[0]);
for (var i = 0; i < setups.Length; i++)
    Console.WriteLine($"{setups[i].Name,-20} batch 32: median {Median(times[i]),7:F0} ms/step  ratio {Median(times[i]) / reference:F2}");
