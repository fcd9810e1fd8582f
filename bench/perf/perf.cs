// NasSharp's side of the performance suite (bench/perf/run.sh runs it against bench/reference/perf.py, the PyTorch
// side, which builds the same models). One row per process, so each row's peak resident memory is its own:
//   dotnet run -c Release bench/perf/perf.cs -- ROW [--steps N] [--warmup W]
// prints one JSON line: {"side":"nassharp","row":...,"median_ms":...,"steps":N,"peak_rss_mb":...,"params":...}.
// Rows (the same on both sides):
//   matmul-peak           2048x2048 float32 matrix product (the machine's ceiling: GFLOP/s = 2n^3 / time)
//   darts-supernet-step   DARTS search step, first order: an α step (Adam 3e-4, betas 0.5/0.999, wd 1e-3) on a
//                         validation batch, then an ω step (SGD 0.025, momentum 0.9, wd 3e-4, clip 5); the paper's
//                         supernet: 8 ops per edge, 8 cells, C=16, 4 nodes; batch 64 of 3x32x32
//   darts-alpha-step      the α step alone
//   child-step            a DARTS_V2 child's training step as `nas train` (preset quick): C=16, 5 cells, batch 96 of
//                         1x28x28, SGD momentum 0.9, wd 3e-4, clip 5, no drop-path, no auxiliary head
//   infer-1, infer-64     that child in eval mode without autograd, batch 1 and 64
//   enas-rnn-shared-step  ENAS recurrent search's shared-weight step (EnasRecurrentSearch via
//                         LanguageModelTrainer.WindowLoss) with enas_lm's search settings (preset paper): vocabulary
//                         10,000, hidden 200, 8 nodes, batch 128, BPTT 35, its dropouts; SGD lr 20, L2 8e-7 on the
//                         sampled path, slowness 1, clip 0.1; the cell ENAS_LM
#:project ../../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using System.Globalization;
using NasSharp.Networks;
using NasSharp.Runtime;
using NasSharp.SearchSpaces;
using NasSharp.Strategies.Darts;
using NasSharp.Strategies.Enas;
using NasSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

TorchRuntime.Initialize();
var row = args.Length > 0 ? args[0] : throw new ArgumentException("usage: perf.cs ROW [--steps N] [--warmup W]");
int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
var steps = Option("--steps", 10);
var warmup = Option("--warmup", 2);
manual_seed(0);

(Action Step, long Params) Setup()
{
    switch (row)
    {
        case "matmul-peak":
        {
            var a = randn(2048, 2048);
            var b = randn(2048, 2048);
            return (() => { using var c = a.matmul(b); }, 0);
        }
        case "darts-supernet-step":
        case "darts-alpha-step":
        {
            var options = DartsPresets.Options("darts", "darts", "paper");
            var net = DartsSearch.BuildSupernet(options, "darts", new NetworkOptions(3, 32, 10, options.Channels, options.Layers));
            var bilevel = new BilevelOptimizer(net, options);
            var architect = new DartsArchitect(net.WeightParameters, net.ArchitectureParameters,
                (x, y) => nn.functional.cross_entropy(net.call(x), y), options.Momentum, options.WeightDecay);
            var (x, y) = (randn(options.BatchSize, 3, 32, 32), randint(0, 10, [options.BatchSize]));
            var (xv, yv) = (randn(options.BatchSize, 3, 32, 32), randint(0, 10, [options.BatchSize]));
            var count = net.parameters().Sum(p => p.numel());
            if (row == "darts-supernet-step") return (() => bilevel.Step(x, y, xv, yv), count);
            return (() =>
            {
                bilevel.ArchitectureOptimizer.zero_grad();
                architect.FirstOrder(xv, yv);
                bilevel.ArchitectureOptimizer.step();
            }, count);
        }
        case "child-step":
        {
            var net = NetworkBuilder.Build(PublishedArchitectures.Get("DARTS_V2"), new NetworkOptions(1, 28, 10, 16, 5));
            var optimizer = optim.SGD(net.parameters(), 0.05, momentum: 0.9, weight_decay: 3e-4);
            var (x, y) = (randn(96, 1, 28, 28), randint(0, 10, [96]));
            net.train();
            return (() =>
            {
                optimizer.zero_grad();
                nn.functional.cross_entropy(net.call(x), y).backward();
                nn.utils.clip_grad_norm_(net.parameters(), 5);
                optimizer.step();
            }, net.parameters().Sum(p => p.numel()));
        }
        case "infer-1":
        case "infer-64":
        {
            var net = NetworkBuilder.Build(PublishedArchitectures.Get("DARTS_V2"), new NetworkOptions(1, 28, 10, 16, 5));
            net.eval();
            var x = randn(row == "infer-1" ? 1 : 64, 1, 28, 28);
            return (() =>
            {
                using var mode = inference_mode();
                using var logits = net.call(x);
            }, net.parameters().Sum(p => p.numel()));
        }
        case "enas-rnn-shared-step":
        {
            var o = EnasRecurrentOptions.Paper;
            var s = o.Shared;
            var space = new RecurrentSearchSpace(o.Nodes + 1, ActivationNames.EnasLm);
            var model = new EnasRnnSharedModel(space, 10000, s.Hidden, s.Dropout, s.InitRange)
            {
                Arc = (RecurrentGenotype)PublishedArchitectures.Get("ENAS_LM"),
            };
            var optimizer = optim.SGD(model.parameters(), s.LearningRate);
            var parameters = model.parameters().ToArray();
            var x = randint(0, 10000, [s.BatchSize, s.Bptt]);
            var y = randint(0, 10000, [s.BatchSize, s.Bptt]);
            var state = model.InitialState(s.BatchSize).DetachFromDisposeScope();
            model.train();
            return (() =>
            {
                optimizer.zero_grad();
                var (loss, _, output) = LanguageModelTrainer.WindowLoss(model, x, y, state, s, model.RegularisedWeights());
                loss.backward();
                nn.utils.clip_grad_norm_(parameters, s.GradientClip);
                optimizer.step();
                state.Dispose();
                state = output.State.detach().DetachFromDisposeScope();
            }, parameters.Sum(p => p.numel()));
        }
        default:
            throw new ArgumentException($"unknown row '{row}'");
    }
}

var (step, parameters) = Setup();
var times = new List<double>();
for (var i = 0; i < warmup + steps; i++)
{
    using var scope = NewDisposeScope();
    var clock = Stopwatch.StartNew();
    step();
    if (i >= warmup) times.Add(clock.Elapsed.TotalMilliseconds);
}
times.Sort();
var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
var hwm = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
var peakMb = long.Parse(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"side\":\"nassharp\",\"row\":\"{row}\",\"median_ms\":{median:F2},\"steps\":{steps},\"peak_rss_mb\":{peakMb:F0},\"params\":{parameters},\"threads\":{get_num_threads()}}}"));
