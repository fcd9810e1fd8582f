// Claim: the ENAS shared model runs only the sampled subgraph, so one training step of the shared model costs about
// what a step of the stand-alone child costs (not the sum over all candidate ops). For several sampled micro
// architectures, times forward+backward of EnasMicroSupernet and of its exported DartsNetwork child, interleaved in
// one process, and prints the ratio. Run from the repository root:  dotnet run -c Release bench/enas-shared-step.cs
// Measured 2026-11-27 (2 cores, 2 threads, batch 64, 8 channels, 5 cells, 28x28): ratios 1.07-1.26, median 1.13 (the
// extra is the zero blocks of unused states in the next cell's 1x1 preprocessing), with 791k shared parameters.
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
var space = new EnasMicroSearchSpace();
var options = new NetworkOptions(1, 28, 10, Channels: 8, Layers: 5); // the cpu-small shared model
using var shared = new EnasMicroSupernet(options, space);
using var x = randn(64, 1, 28, 28);
using var y = randint(0, 10, [64]);
Console.WriteLine($"threads {get_num_threads()}, shared parameters {shared.parameters().Sum(p => p.numel()):N0}");

double Step(Func<Tensor> forward, nn.Module module, int repeats)
{
    var sw = Stopwatch.StartNew();
    for (var i = 0; i < repeats; i++)
    {
        using var scope = NewDisposeScope();
        var loss = nn.functional.cross_entropy(forward(), y);
        module.zero_grad();
        loss.backward();
    }
    return sw.Elapsed.TotalMilliseconds / repeats;
}

var ratios = new List<double>();
for (var seed = 0; seed < 6; seed++)
{
    var arch = space.Sample(new Random(seed));
    using var child = shared.ExportChild(arch);
    Step(() => shared.call(x, arch), shared, 1); // warm-up
    Step(() => child.call(x), child, 1);
    var s = Step(() => shared.call(x, arch), shared, 5);
    var c = Step(() => child.call(x), child, 5);
    ratios.Add(s / c);
    Console.WriteLine($"arch {seed}: shared {s:F0} ms, child {c:F0} ms, ratio {s / c:F2}");
}
ratios.Sort();
Console.WriteLine($"median shared/child step-time ratio: {ratios[ratios.Count / 2]:F2}");
