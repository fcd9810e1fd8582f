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
//   bats-supernet-step    BATS search step (the same bilevel step): the binary supernet of preset paper, C=24, 8 cells,
//                         binary ops in 12 groups, softmax temperature 0.2; batch 32 of 3x32x32 (half DARTS's: at 64 the
//                         binary supernet does not fit this machine's memory beside the other side's)
//   enas-micro-step       ENAS micro search (preset paper: C=20, 6+2 cells, 5 nodes, batch 160, aux head 0.4, dropout
//                         0.1): one shared step (SGD Nesterov 0.05, wd 2e-4, clip 5) on a sampled architecture, then one
//                         controller step: a sample, the reward (that child's accuracy on a validation batch, no grad,
//                         batch statistics), REINFORCE loss with a moving-average baseline, Adam 3.5e-3. The architecture
//                         both passes run is fixed (sampled once with seed 0, ENAS_MICRO_ARC below) so both sides run
//                         the same child; the controller still samples every step.
//   petridish-step        a Petridish candidate search step: the paper seed (petridishnn's separable-ResNet cell), 5
//                         cells, C=16, candidates attached (7 ops x every state, stop-gradient/stop-forward), batch 96
//                         of 3x32x32; loss + L1 0.001 on the candidate weights; SGD 0.025 momentum 0.9 wd 3e-4; each
//                         clipping group (parent, candidates) clipped to 5
//   data-decode           decoding an image folder: the CIFAR-10 JPEG copy's test split (10,000 32x32 JPEGs in
//                         ../shared/data/cifar-10-jpeg-q75/test, or $NASSHARP_DATA) into one uint8 tensor, 2 threads
//   data-augment          one epoch of training batches from decoded images: those 10,000 images, batch 96, shuffled,
//                         random crop (padding 4) + horizontal flip + per-channel normalisation to float32
//   child-step            a DARTS_V2 child's training step as `nas train` (preset quick): C=16, 5 cells, batch 96 of
//                         1x28x28, SGD momentum 0.9, wd 3e-4, clip 5, no drop-path, no auxiliary head
//   infer-1, infer-64     that child in eval mode without autograd, batch 1 and 64
//   enas-rnn-shared-step  ENAS recurrent search's shared-weight step (EnasRecurrentSearch via
//                         LanguageModelTrainer.WindowLoss) with enas_lm's search settings (preset paper): vocabulary
//                         10,000, hidden 200, 8 nodes, batch 128, BPTT 35, its dropouts; SGD lr 20, L2 8e-7 on the
//                         sampled path, slowness 1, clip 0.1; the cell ENAS_LM
#:project ../../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
#:property AllowUnsafeBlocks=true
using System.Diagnostics;
using System.Globalization;
using NasSharp.Data;
using NasSharp.Networks;
using NasSharp.Runtime;
using NasSharp.SearchSpaces;
using NasSharp.Strategies.Darts;
using NasSharp.Strategies.Enas;
using NasSharp.Strategies.Petridish;
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
var models = new List<nn.Module>(); // the row's models, for PERF_DUMP_PARAMS

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
        case "bats-supernet-step":
        {
            var options = DartsPresets.Options("bats", "darts", "paper") with { BatchSize = 32 };
            var net = DartsSearch.BuildSupernet(options, "darts", new NetworkOptions(3, 32, 10, options.Channels, options.Layers));
            models.Add(net);
            var bilevel = new BilevelOptimizer(net, options);
            var (x, y) = (randn(options.BatchSize, 3, 32, 32), randint(0, 10, [options.BatchSize]));
            var (xv, yv) = (randn(options.BatchSize, 3, 32, 32), randint(0, 10, [options.BatchSize]));
            return (() => bilevel.Step(x, y, xv, yv), net.parameters().Sum(p => p.numel()));
        }
        case "enas-micro-step":
        {
            var o = EnasOptions.ForSpace("enas-micro");
            var space = new EnasMicroSearchSpace(o.Nodes);
            var shared = new EnasMicroSupernet(new NetworkOptions(3, 32, 10, o.Channels, o.Layers, Auxiliary: true), space, o.Dropout);
            var controller = new EnasMicroController(space, o.LstmSize, o.TanhConstant, o.OpTanhReduce, o.Temperature);
            var sharedOptimizer = optim.SGD(shared.parameters(), o.LearningRateMax, momentum: 0.9, weight_decay: 2 * o.L2, nesterov: true);
            var controllerOptimizer = optim.Adam(controller.parameters(), o.ControllerLearningRate, beta1: o.ControllerBeta1, eps: o.ControllerEpsilon);
            models.AddRange([shared, controller]);
            var parameters = shared.parameters().ToArray();
            var gradients = GradientBuffers.Allocate(parameters); // as EnasSearch does
            Architecture arc;
            using (no_grad())
            using (var first = controller.Sample(new Random(0))) arc = first.Architecture;
            if (Environment.GetEnvironmentVariable("PERF_PRINT_ARC") == "1") Console.WriteLine(ArchitectureFormats.ToText(arc));
            var (x, y) = (randn(o.BatchSize, 3, 32, 32), randint(0, 10, [o.BatchSize]));
            var (xv, yv) = (randn(o.BatchSize, 3, 32, 32), randint(0, 10, [o.BatchSize]));
            var random = new Random(1);
            var baseline = 0.0;
            return (() =>
            {
                shared.train();
                var (main, aux) = shared.ForwardWithAux(x, arc);
                var loss = nn.functional.cross_entropy(main, y) + o.AuxiliaryWeight * nn.functional.cross_entropy(aux!, y);
                gradients.Reset(); // EnasSearch's set_to_none, in fixed buffers
                loss.backward();
                gradients.AfterBackward();
                nn.utils.clip_grad_norm_(parameters.Where(p => p.grad is not null).ToArray(), o.GradClip);
                sharedOptimizer.step();

                controller.train();
                controllerOptimizer.zero_grad();
                using var sample = controller.Sample(random);
                double accuracy;
                using (no_grad()) accuracy = shared.call(xv, arc).argmax(1).eq(yv).to_type(ScalarType.Float32).mean().item<float>();
                var reward = accuracy + o.EntropyWeight * sample.Entropy;
                baseline -= (1 - o.BaselineDecay) * (baseline - reward);
                (-sample.LogProbability * (reward - baseline)).backward();
                controllerOptimizer.step();
            }, parameters.Sum(p => p.numel()) + controller.parameters().Sum(p => p.numel()));
        }
        case "petridish-step":
        {
            var seed = PetridishSearch.SeedGenotype(null);
            var net = new PetridishNetwork(seed, new NetworkOptions(3, 32, 10, 16, 5), withCandidates: true);
            var parameters = net.parameters().ToArray();
            var groups = net.ClippingGroups(parameters);
            models.Add(net);
            var optimizer = optim.SGD(parameters, 0.025, momentum: 0.9, weight_decay: 3e-4);
            var (x, y) = (randn(96, 3, 32, 32), randint(0, 10, [96]));
            net.train();
            var gradients = GradientBuffers.Allocate(parameters); // as Trainer does
            return (() =>
            {
                gradients.ZeroGrad(optimizer); // as Trainer does
                var loss = nn.functional.cross_entropy(net.call(x), y).add(net.RegularizationLoss()!);
                loss.backward();
                gradients.AfterBackward();
                foreach (var group in groups) nn.utils.clip_grad_norm_(group, 5);
                optimizer.step();
            }, parameters.Sum(p => p.numel()));
        }
        case "data-decode":
        case "data-augment":
        {
            var root = Path.Combine(Environment.GetEnvironmentVariable("NASSHARP_DATA") ?? "../shared/data", "cifar-10-jpeg-q75", "test");
            var classes = ImageFolder.ClassNames(root);
            if (row == "data-decode") return (() => { using var d = ImageFolder.Load(root, classes, get_num_threads()); }, 0);
            var data = ImageFolder.Load(root, classes, get_num_threads());
            var loader = new BatchLoader(data, 96, Normalization.FromDataset(data), new AugmentationOptions(RandomCrop: true, Padding: 4, HorizontalFlip: true));
            var epoch = 0;
            return (() =>
            {
                foreach (var (x, y) in loader.Epoch(epoch++))
                {
                    x.Dispose();
                    y.Dispose();
                }
            }, 0);
        }
        case "child-step":
        {
            var net = NetworkBuilder.Build(PublishedArchitectures.Get("DARTS_V2"), new NetworkOptions(1, 28, 10, 16, 5));
            var optimizer = optim.SGD(net.parameters(), 0.05, momentum: 0.9, weight_decay: 3e-4);
            var (x, y) = (randn(96, 1, 28, 28), randint(0, 10, [96]));
            net.train();
            var gradients = GradientBuffers.Allocate(net.parameters()); // as Trainer does
            return (() =>
            {
                gradients.ZeroGrad(optimizer); // as Trainer does
                nn.functional.cross_entropy(net.call(x), y).backward();
                gradients.AfterBackward();
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
                var (loss, _, next) = LanguageModelTrainer.WindowLoss(model, x, y, state, s, model.RegularisedWeights());
                loss.backward();
                nn.utils.clip_grad_norm_(parameters, s.GradientClip);
                optimizer.step();
                state.Dispose();
                state = next.detach().DetachFromDisposeScope();
            }, parameters.Sum(p => p.numel()));
        }
        default:
            throw new ArgumentException($"unknown row '{row}'");
    }
}

var (step, parameters) = Setup();
// PERF_DUMP_PARAMS=FILE: every parameter's name and shape, one per line (to compare with the PyTorch mirror's).
if (Environment.GetEnvironmentVariable("PERF_DUMP_PARAMS") is { Length: > 0 } dump)
{
    File.WriteAllLines(dump, models.SelectMany(m => m.named_parameters().Select(p => $"{p.name} {string.Join('x', p.parameter.shape)}")));
    if (steps == 0) return;
}
// PERF_LIVE=1: also sample glibc's live bytes (mallinfo2: in use + mmapped) every millisecond through the steps and
// report their peak (peak_live_mb) and the heap's largest size (peak_heap_mb: sbrk'd + mmapped), to tell memory NasSharp
// keeps alive from free memory the allocator holds. Diagnostic only: the sampler takes the arenas' locks.
var (peakLive, peakHeap) = (0.0, 0.0);
var sampling = Environment.GetEnvironmentVariable("PERF_LIVE") == "1" && OperatingSystem.IsLinux();
if (sampling)
{
    new Thread(() =>
    {
        while (true)
        {
            peakLive = Math.Max(peakLive, NativeHeap.LiveBytes);
            peakHeap = Math.Max(peakHeap, NativeHeap.HeapBytes);
            Thread.Sleep(1);
        }
    }) { IsBackground = true }.Start();
}
// PERF_MARK=1: a malloc of 777,777 bytes, freed at once, before each step: bench/alloc-trace splits its trace into steps there.
var mark = Environment.GetEnvironmentVariable("PERF_MARK") == "1";
var times = new List<double>();
for (var i = 0; i < warmup + steps; i++)
{
    // The step's scope as NasSharp's training loops open it (its tensors, then the native scalars TorchSharp leaves to
    // finalizers: Runtime/StepScope), freed inside the timed region as PyTorch frees a step's tensors inside its own.
    if (mark) unsafe { System.Runtime.InteropServices.NativeMemory.Free(System.Runtime.InteropServices.NativeMemory.Alloc(777777)); }
    var clock = Stopwatch.StartNew();
    using (StepScope.Begin()) step();
    if (i >= warmup) times.Add(clock.Elapsed.TotalMilliseconds);
}
times.Sort();
var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
var hwm = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
var peakMb = long.Parse(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
var live = sampling ? string.Create(CultureInfo.InvariantCulture, $",\"peak_live_mb\":{peakLive / 1048576:F0},\"peak_heap_mb\":{peakHeap / 1048576:F0}") : "";
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"side\":\"nassharp\",\"row\":\"{row}\",\"median_ms\":{median:F2},\"steps\":{steps},\"peak_rss_mb\":{peakMb:F0},\"params\":{parameters},\"threads\":{get_num_threads()}{live}}}"));
