// Why evaluation passes run channels-last (Networks/InferenceLayout): the DARTS_V2 child (C=16, 5 cells, the
// `nas train` default and the suite's infer rows) in eval mode under inference mode, NCHW against channels-last, in one
// process, alternating blocks of 10 calls (the machine's speed drifts between processes by up to 2x; only a same-process
// ratio means anything). Also checks that the two layouts' logits agree to float rounding. Run from the repository root:
//   dotnet run -c Release bench/channels-last-inference.cs            # batch 1, 64 and 256 of 1x28x28, batch 1 of 3x32x32
//   dotnet run -c Release bench/channels-last-inference.cs 1:1 64:3   # BATCH:CHANNELS pairs
//   dotnet run -c Release bench/channels-last-inference.cs binary     # BATS's binary family (C=24, 3x32x32), batch 1, 64
// (the binary family runs NCHW by default, CellOps.ChannelsLastInference; here it is forced on for the comparison)
// Measured 2026-12-04 (2 threads, AMD EPYC with AVX-512, idle), median ms NCHW -> channels-last:
//   batch 1 1x28x28 5.39 -> 4.09 (0.76x); 64 78.96 -> 68.45 (0.87x); 256 287.4 -> 233.6 (0.81x); batch 1 3x32x32
//   8.70 -> 6.23 (0.72x); logits within 7.5e-9. binary (C=24): batch 1 6.50 -> 6.41 (0.99x), 64 196.3 -> 227.4 (1.16x).
#:project ../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using NasSharp.Networks;
using NasSharp.Ops;
using NasSharp.Ops.Binary;
using TorchSharp;
using NasSharp.Runtime;
using NasSharp.SearchSpaces;
using static TorchSharp.torch;
TorchRuntime.Initialize();
var binary = args.Contains("binary");
args = args.Where(a => a != "binary").ToArray();
var cases = args.Length > 0 ? args.Select(a => a.Split(':')).Select(p => (int.Parse(p[0]), int.Parse(p[1]))).ToArray()
    : binary ? [(1, 3), (64, 3)] : [(1, 1), (64, 1), (256, 1), (1, 3)];
foreach (var (batch, channels) in cases)
{
    manual_seed(0);
    var size = channels == 3 ? 32 : 28;
    var genotype = (CellGenotype)PublishedArchitectures.Get("DARTS_V2");
    using var net = binary
        ? new DartsNetwork(genotype, new NetworkOptions(channels, size, 10, 24, 5), new ChannelsLastBinary())
        : new DartsNetwork(genotype, new NetworkOptions(channels, size, 10, 16, 5));
    net.train();
    using (no_grad()) for (var i = 0; i < 3; i++) net.call(randn(16, channels, size, size)); // batch-norm statistics
    net.eval();
    using var x = randn(batch, channels, size, size);
    using var inference = inference_mode();
    var blocks = batch >= 64 ? 8 : 40;
    var times = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
    double maxDiff, maxLogit;
    using (var scope = NewDisposeScope())
    {
        InferenceLayout.ChannelsLast = false;
        var nchw = net.call(x);
        InferenceLayout.ChannelsLast = true;
        var nhwc = net.call(x);
        maxDiff = (nchw - nhwc).abs().max().item<float>();
        maxLogit = nchw.abs().max().item<float>();
    }
    for (var block = 0; block < blocks + 2; block++)
    foreach (var channelsLast in new[] { false, true })
    {
        InferenceLayout.ChannelsLast = channelsLast;
        for (var i = 0; i < (batch >= 64 ? 3 : 10); i++)
        {
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            net.call(x);
            if (block >= 2) times[channelsLast].Add(clock.Elapsed.TotalMilliseconds);
        }
    }
    double Median(List<double> t) { t.Sort(); return t[t.Count / 2]; }
    var (a, b) = (Median(times[false]), Median(times[true]));
    Console.WriteLine($"batch {batch,3} x{channels}x{size}x{size}: nchw {a,8:F2} ms  channels-last {b,8:F2} ms  ratio {b / a:F2}  " +
        $"max |logit diff| {maxDiff:G2} (max |logit| {maxLogit:G3})");
}
InferenceLayout.ChannelsLast = true;

// BATS's binary family with channels-last evaluation forced on.
sealed class ChannelsLastBinary : CellOps
{
    private readonly BinaryCellOps _binary = new(12);
    public override string Name => _binary.Name;
    public override bool ChannelsLastInference => true;
    public override nn.Module<Tensor, Tensor> Create(string op, int channels, int stride, bool affine) => _binary.Create(op, channels, stride, affine);
    public override nn.Module<Tensor, Tensor> Preprocess(int cIn, int cOut, bool affine) => _binary.Preprocess(cIn, cOut, affine);
    public override nn.Module<Tensor, Tensor> PreprocessReduce(int cIn, int cOut, bool affine) => _binary.PreprocessReduce(cIn, cOut, affine);
    public override nn.Module<Tensor, Tensor> Stem(int inputChannels, int cOut) => _binary.Stem(inputChannels, cOut);
    public override bool IsIdentity(string op, int stride) => _binary.IsIdentity(op, stride);
    public override void CheckChannels(int channels) => _binary.CheckChannels(channels);
}
