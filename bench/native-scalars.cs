// Why every training step ends with a gen-0 garbage collection (Runtime/StepScope). TorchSharp 0.107 allocates a
// native c10::Scalar (48 bytes of malloc) for every scalar argument, the implicit alpha = 1 of a + b and add_ included,
// and frees it only when the garbage collector finalizes its wrapper. Part 1 counts, per op, the native bytes that stay
// allocated until a collection. Part 2 runs a DARTS_V2 child training step (the perf suite's child-step: C=16, 5 cells,
// batch 96 of 1x28x28, SGD momentum 0.9, wd 3e-4, clip 5) 16 times in a fresh process per setting, with the step's
// dispose scope alone (off) and with a gen-0 collection and the finalizers after it (on), alternating, and reports
// glibc's peak live bytes and heap size (mallinfo2, sampled every millisecond), peak resident memory and time per step.
// Run from the repository root (2 threads):
//   OMP_NUM_THREADS=2 dotnet run -c Release bench/native-scalars.cs
// Measured 2026-12-03 (2 threads, AMD EPYC, libtorch 2.10; the VM's speed varied 2x within the hour):
//   part 1: a + b, a.add(b), add_, a * 2.0, mul/div by a double, clamp_min: 48 bytes each held until a collection;
//   a - b, a * b, relu, cat, sum, view: none.
//   part 2, 16 steps a process, off / on / off / on: peak resident 1765 / 1204 / 1759 / 1190 MB, peak heap 1620 / 1072 /
//   1612 / 1058 MB, peak live 638 / 635 / 637 / 635 MB, 747 / 693 / 687 / 653 ms a step (1 gen-0 collection in 16 steps
//   without the per-step one). PyTorch 1.13's same step: peak resident 1008-1057 MB, heap 824-872 MB, live 633 MB
//   (PERF_LIVE=1 bench/reference/perf.py child-step).
#:project ../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using NasSharp.Networks;
using NasSharp.Runtime;
using NasSharp.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

TorchRuntime.Initialize();
manual_seed(0);
if (args.Length == 0)
{
    var a = randn(4);
    var b = randn(4);
    void Probe(string name, Action op)
    {
        StepScope.ReleaseFinalizedNativeObjects();
        var before = NativeHeap.LiveBytes;
        for (var i = 0; i < 20000; i++) op();
        var held = NativeHeap.LiveBytes;
        StepScope.ReleaseFinalizedNativeObjects();
        Console.WriteLine($"{name,-12} {(held - NativeHeap.LiveBytes) / 20000:F1} bytes per call held until a collection");
    }
    Probe("a + b", () => { using var c = a + b; });
    Probe("a.add(b)", () => { using var c = a.add(b); });
    Probe("a.add_(b)", () => a.add_(b));
    Probe("a * 2.0", () => { using var c = a * 2.0; });
    Probe("a.div(2.0)", () => { using var c = a.div(2.0); });
    Probe("clamp_min", () => { using var c = a.clamp_min(0); });
    Probe("a - b", () => { using var c = a - b; });
    Probe("a * b", () => { using var c = a * b; });
    Probe("relu", () => { using var c = nn.functional.relu(a); });
    Probe("cat", () => { using var c = cat([a, b], 0); });
    var self = System.Reflection.Assembly.GetEntryAssembly()!.Location;
    foreach (var mode in new[] { "off", "on", "off", "on" })
    {
        var host = Environment.ProcessPath!; // the app host, or dotnet with the app's dll first
        string[] childArgs = Path.GetFileNameWithoutExtension(host) == "dotnet" ? [self, mode] : [mode];
        using var child = Process.Start(new ProcessStartInfo(host, childArgs) { RedirectStandardOutput = true })!;
        Console.Write(child.StandardOutput.ReadToEnd());
        child.WaitForExit();
    }
    return;
}
var collect = args[0] == "on";
var net = NetworkBuilder.Build(PublishedArchitectures.Get("DARTS_V2"), new NetworkOptions(1, 28, 10, 16, 5));
var optimizer = optim.SGD(net.parameters(), 0.05, momentum: 0.9, weight_decay: 3e-4);
var (x, y) = (randn(96, 1, 28, 28), randint(0, 10, [96]));
net.train();
double peakLive = 0, peakHeap = 0;
new Thread(() =>
{
    while (true)
    {
        peakLive = Math.Max(peakLive, NativeHeap.LiveBytes);
        peakHeap = Math.Max(peakHeap, NativeHeap.HeapBytes);
        Thread.Sleep(1);
    }
}) { IsBackground = true }.Start();
const int steps = 16;
var clock = Stopwatch.StartNew();
for (var i = 0; i < steps; i++)
{
    using (NewDisposeScope())
    {
        optimizer.zero_grad();
        nn.functional.cross_entropy(net.call(x), y).backward();
        nn.utils.clip_grad_norm_(net.parameters(), 5);
        optimizer.step();
    }
    if (collect) StepScope.ReleaseFinalizedNativeObjects();
}
var ms = clock.Elapsed.TotalMilliseconds / steps;
var hwm = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
Console.WriteLine($"collection after each step {args[0],-3}: {ms:F0} ms/step, peak live {peakLive / 1048576:F0} MB, peak heap {peakHeap / 1048576:F0} MB, " +
    $"peak resident {long.Parse(hwm) / 1024} MB, gen-0 collections {GC.CollectionCount(0)}");
