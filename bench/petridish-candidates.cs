// Cost of a Petridish candidate search's training step relative to its parent's, interleaved in one process: the
// cpu-small seed (petridishnn's seed cell, C=8, 5 cells, batch 64, 1x28x28) alone vs with candidates attached in every
// cell (7 ops on every state, behind stop-gradient/stop-forward, L1 on the weights), and the same after one growth
// step. Backs the cpu-small preset's "a candidate epoch costs 5-11x its parent's". Run from the repository root on an
// otherwise idle machine:
//   dotnet run -c Release bench/petridish-candidates.cs
// Measured 2026-12-02 (2 threads, oneDNN on, idle machine), median of 10 after 2 warm-up rounds, batch 64:
//   seed 48.9 ms/step; seed + candidates 535.7 ms (10.96x); grown (one added node per cell) 148.0 ms; grown + candidates 712.5 ms (4.82x)
#:project ../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using NasSharp.Networks;
using NasSharp.SearchSpaces;
using static TorchSharp.torch;

NasSharp.Runtime.TorchRuntime.Initialize();
Console.WriteLine($"threads {get_num_threads()}; oneDNN {NasSharp.Runtime.TorchRuntime.OneDnnStatus}");
var options = new NetworkOptions(1, 28, 10, Channels: 8, Layers: 5);
var seed = PetridishSearchSpace.TfSeed();
var grown = PetridishSearchSpace.Grow(seed, [new OpEdge(OpNames.SepConv3x3, 2), new OpEdge(OpNames.SkipConnect, 0), new OpEdge(OpNames.DilConv5x5, 1)],
    [new OpEdge(OpNames.MaxPool3x3, 0), new OpEdge(OpNames.SepConv5x5, 2), new OpEdge(OpNames.AvgPool3x3, 1)]);
var cases = new (string Name, PetridishGenotype Genotype, bool Candidates)[]
{
    ("seed", seed, false), ("seed + candidates", seed, true), ("grown", grown, false), ("grown + candidates", grown, true),
};
var setups = cases.Select(c =>
{
    manual_seed(0);
    var net = new PetridishNetwork(c.Genotype, options, c.Candidates);
    var parameters = net.parameters().ToArray();
    return (c.Name, Net: net, Parameters: parameters, Optimizer: optim.SGD(parameters, 0.025, momentum: 0.9, weight_decay: 3e-4));
}).ToArray();
var times = setups.Select(_ => new List<double>()).ToArray();
using var x = randn(64, 1, 28, 28);
using var y = randint(0, 10, 64);
for (var round = 0; round < 12; round++)
    for (var i = 0; i < setups.Length; i++)
    {
        using var scope = NewDisposeScope();
        var s = setups[i];
        var sw = Stopwatch.StartNew();
        var loss = nn.functional.cross_entropy(s.Net.call(x), y);
        if (s.Net.RegularizationLoss() is { } penalty) loss = loss.add(penalty);
        s.Optimizer.zero_grad();
        loss.backward();
        nn.utils.clip_grad_norm_(s.Parameters, 5);
        s.Optimizer.step();
        if (round >= 2) times[i].Add(sw.Elapsed.TotalMilliseconds); // 2 warm-up rounds
    }
double Median(List<double> t) => t.Order().ElementAt(t.Count / 2);
for (var i = 0; i < setups.Length; i++)
{
    var reference = Median(times[i - i % 2]);
    Console.WriteLine($"{setups[i].Name,-20} batch 64: median {Median(times[i]),7:F1} ms/step  ratio to its parent {Median(times[i]) / reference:F2}");
}
