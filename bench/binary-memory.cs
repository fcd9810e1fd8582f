// Memory and speed of a BATS binary network training step (DARTS_V2 cell, C=12, 5 cells, groups 12, batch 96,
// 1x28x28, Adam): resident memory every 10 steps shows whether the custom autograd SignSte leaks. Run from the
// repository root: `dotnet run -c Release bench/binary-memory.cs` (stage 1) or `... bench/binary-memory.cs ste 2` (stage 2).
// Measured 2026-12-01 (OMP_NUM_THREADS=1, another build/training running on the 2 cores): stage 1 rss 2152 MB at step
// 10, 2261-2267 MB at steps 20-60 (flat: no leak); ~800 ms/step.
#:project ../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using NasSharp.Networks;
using NasSharp.Ops.Binary;
using NasSharp.Runtime;
using NasSharp.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

TorchRuntime.Initialize();
manual_seed(0);
var useSte = args.Length == 0 || args[0] == "ste";
using var net = NetworkBuilder.Build(PublishedArchitectures.Get("DARTS_V2"), new NetworkOptions(1, 28, 10, 12, 5, Binary: true, BinaryGroups: 12));
var ps = net.parameters().ToArray();
using var opt = optim.Adam(ps, 1e-3);
using var x = randn(96, 1, 28, 28);
using var y = randint(0, 10, [96], dtype: ScalarType.Int64);
BinaryConv2d.SetWeightBinarization(net, args.Length > 1);
var sw = Stopwatch.StartNew();
for (var step = 1; step <= 60; step++)
{
    using var scope = NewDisposeScope();
    var logits = net.call(x);
    var loss = nn.functional.cross_entropy(logits, y);
    opt.zero_grad();
    loss.backward();
    opt.step();
    if (step % 10 == 0)
    {
        GC.Collect(); GC.WaitForPendingFinalizers();
        Console.WriteLine($"step {step} rss {Process.GetCurrentProcess().WorkingSet64 / 1e6:F0} MB, {sw.ElapsedMilliseconds / 10} ms/step");
        sw.Restart();
    }
}
