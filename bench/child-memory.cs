// Where a DARTS_V2 child training step's memory goes (the perf suite's child-step row, whose peak resident memory is
// above PyTorch's): glibc's live bytes (mallinfo2: in use + mmapped) before the step, after the forward, after the
// backward, and their peak during the step (a sampling thread), then the main arena's size (malloc_stats, stderr).
// The PyTorch side is bench/reference/child_memory.py. Run from the repository root, one at a time:
//   OMP_NUM_THREADS=2 dotnet run -c Release bench/child-memory.cs
//   OMP_NUM_THREADS=2 /usr/bin/python3 bench/reference/child_memory.py
// Measured 2026-12-03 (2 threads, AMD EPYC, libtorch 2.10 / PyTorch 1.13), step 3, live MB:
//   before the fix of ReleasingTensorFunction: NasSharp before 72, after forward 649, after backward 166, peak 703;
//   after it: 73 / 649 / 77 / 715; PyTorch 72 / 612 / 73 / 632. Peak live +11% (the channels-last max pool's input
//   copies, 30 MB after the forward, and the backward's buffers), while peak resident memory is +25-30% (1313-1321
//   vs 1008 MB): glibc's main arena had grown to 1178-1192 MB against PyTorch's 737-816 MB for peaks of 715 and 632 MB live,
//   i.e. the rest is free memory the allocator holds in holes (NativeMemoryTuning keeps it rather than unmapping:
//   without the tuning the step took 704-790 ms instead of 395-420 and still peaked at 1241-1261 MB).
#:project ../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Runtime.InteropServices;
using NasSharp.Networks;
using NasSharp.Runtime;
using NasSharp.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;
TorchRuntime.Initialize();
manual_seed(0);
var net = NetworkBuilder.Build(PublishedArchitectures.Get("DARTS_V2"), new NetworkOptions(1, 28, 10, 16, 5));
var optimizer = optim.SGD(net.parameters(), 0.05, momentum: 0.9, weight_decay: 3e-4);
var (x, y) = (randn(96, 1, 28, 28), randint(0, 10, [96]));
net.train();
var peak = 0.0;
var sampler = new Thread(() => { while (true) { var l = Live(); if (l > peak) peak = l; Thread.Sleep(0); } }) { IsBackground = true };
sampler.Start();
for (var step = 0; step < 4; step++)
{
    using var scope = NewDisposeScope();
    var before = Live();
    peak = 0;
    optimizer.zero_grad();
    var loss = nn.functional.cross_entropy(net.call(x), y);
    var afterForward = Live();
    loss.backward();
    var afterBackward = Live();
    nn.utils.clip_grad_norm_(net.parameters(), 5);
    optimizer.step();
    Console.WriteLine($"step {step}: live MB before {before:F0}, after forward {afterForward:F0}, after backward {afterBackward:F0}, peak {peak:F0}; resident {Environment.WorkingSet / 1048576.0:F0} MB");
}
Glibc.malloc_stats();

static double Live() => NativeHeap.LiveBytes / 1048576.0;

static class Glibc
{
    [DllImport("libc")] public static extern void malloc_stats();
}
