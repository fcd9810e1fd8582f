// Why the cells share their ops' first step (Ops/SharedInputWork): the same network built twice from one seed, one
// with ShareInputWork off (every op runs on its own, as DARTS's model.py / model_search.py do), trained step by step
// in turns, so both see the same machine. Prints each one's median step time, the ratio, and glibc's peak live bytes
// during a step (mallinfo2 in use + mmapped, sampled by a thread), and checks the two losses stay within float rounding.
// Run from the repository root, nothing else running:
//   OMP_NUM_THREADS=2 dotnet run -c Release bench/shared-input-work.cs [steps]
// Rows: the DARTS_V2 child's training step (the perf suite's child-step: C=16, 5 cells, batch 96 of 1x28x28, SGD,
// clip 5) and the DARTS supernet's weight step (8 ops, 8 cells, C=16, batch 64 of 3x32x32; α fixed).
// The sampler (mallinfo2 walks the arena under its lock) slows both sides alike: read the ratios, not the times.
// Measured 2026-12-03 (2 threads, AMD EPYC, commit after f7f3755), shared / unshared:
//   child step 402.3 / 428.0 ms (0.94x), peak live 627 / 720 MB (0.87x); losses differ by 2.9e-4 after 10 SGD steps
//   (rounding differences grow through training); DARTS supernet weight step 13115 / 17289 ms (0.76x), peak live
//   6023 / 8077 MB (0.75x), losses within 4.6e-6. perf suite rows A/B against 4d3ad4f, same session (perf.cs):
//   supernet step 9581 -> 8302 ms, peak RSS 9159 -> 7043 MB; BATS 9528 -> 8478 ms, 6366 -> 5419 MB; Petridish
//   peak 3166 / 3062 -> 2866 / 2714 MB (time within noise); child 381 / 408 -> 372 / 361 ms, 1440 / 1453 -> 1365 / 1308 MB.
#:project ../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using NasSharp.Networks;
using NasSharp.Runtime;
using NasSharp.SearchSpaces;
using NasSharp.Strategies.Darts;
using TorchSharp;
using static TorchSharp.torch;
TorchRuntime.Initialize();
var steps = args.Length > 0 ? int.Parse(args[0]) : 10;
var peak = 0.0;
var sampler = new Thread(() => { while (true) { var l = Live(); if (l > peak) peak = l; Thread.Sleep(1); } }) { IsBackground = true }; // 1 ms: a spinning sampler would take one of the two cores
sampler.Start();

Compare("child-step (DARTS_V2, batch 96, 1x28x28)", steps, share =>
{
    manual_seed(0);
    var net = NetworkBuilder.Build(PublishedArchitectures.Get("DARTS_V2"), new NetworkOptions(1, 28, 10, 16, 5));
    foreach (var m in net.modules().OfType<DartsCell>()) m.ShareInputWork = share;
    return (net, randn(96, 1, 28, 28), randint(0, 10, [96]));
});
Compare("DARTS supernet weight step (C=16, 8 cells, batch 64, 3x32x32)", Math.Max(2, steps / 4), share =>
{
    manual_seed(0);
    var options = DartsPresets.Options("darts", "darts", "paper");
    var net = DartsSearch.BuildSupernet(options, "darts", new NetworkOptions(3, 32, 10, options.Channels, options.Layers));
    foreach (var m in net.modules().OfType<DartsSearchCell>()) m.ShareInputWork = share;
    return (net, randn(64, 3, 32, 32), randint(0, 10, [64]));
});

void Compare(string name, int n, Func<bool, (nn.Module<Tensor, Tensor> Net, Tensor X, Tensor Y)> build)
{
    var runs = new[] { true, false }.Select(share =>
    {
        var (net, x, y) = build(share);
        net.train();
        return (Share: share, Net: net, X: x, Y: y, Opt: optim.SGD(net.parameters(), 0.025, momentum: 0.9, weight_decay: 3e-4),
            Times: new List<double>(), Peaks: new List<double>(), Losses: new List<float>());
    }).ToArray();
    for (var i = 0; i < n + 1; i++)
        foreach (var r in i % 2 == 0 ? runs : runs.Reverse())
        {
            using var scope = NewDisposeScope();
            peak = 0;
            var sw = Stopwatch.StartNew();
            r.Opt.zero_grad();
            var loss = nn.functional.cross_entropy(r.Net.call(r.X), r.Y);
            loss.backward();
            nn.utils.clip_grad_norm_(r.Net.parameters(), 5);
            r.Opt.step();
            if (i == 0) continue; // warm-up
            r.Times.Add(sw.Elapsed.TotalMilliseconds);
            r.Peaks.Add(peak);
            r.Losses.Add(loss.item<float>());
        }
    static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
    var (on, off) = (runs[0], runs[1]);
    Console.WriteLine($"{name}, {n} steps each:");
    Console.WriteLine($"  shared   {Median(on.Times),8:F1} ms, peak live {Median(on.Peaks),6:F0} MB");
    Console.WriteLine($"  unshared {Median(off.Times),8:F1} ms, peak live {Median(off.Peaks),6:F0} MB");
    Console.WriteLine($"  time ratio {Median(on.Times) / Median(off.Times):F2}, peak live ratio {Median(on.Peaks) / Median(off.Peaks):F2}; " +
        $"largest loss difference over the steps {on.Losses.Zip(off.Losses).Max(p => Math.Abs(p.First - p.Second)):E1}");
    foreach (var r in runs) r.Net.Dispose();
}

static double Live() => NativeHeap.LiveBytes / 1048576.0;
