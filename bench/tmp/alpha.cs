#:project ../../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using NasSharp.Networks;
using NasSharp.Runtime;
using NasSharp.Strategies.Darts;
using TorchSharp;
using static TorchSharp.torch;
TorchRuntime.Initialize();
manual_seed(0);
var b = int.Parse(args[0]);
var options = DartsPresets.Options("darts", "darts", "paper");
var net = DartsSearch.BuildSupernet(options, "darts", new NetworkOptions(3, 32, 10, options.Channels, options.Layers));
var alphas = net.ArchitectureParameters.Cast<Tensor>().ToArray(); var weights = net.WeightParameters;
var (xv, yv) = (randn(b, 3, 32, 32), randint(0, 10, [b]));
double Run(bool freeze) {
  var ts = new List<double>();
  for (int i = 0; i < 4; i++) {
    using var scope = NewDisposeScope();
    if (freeze) foreach (var w in weights) w.requires_grad = false;
    var c = Stopwatch.StartNew();
    var loss = nn.functional.cross_entropy(net.call(xv), yv);
    var f = c.Elapsed.TotalMilliseconds;
    var g = autograd.grad([loss], alphas);
    if (freeze) foreach (var w in weights) w.requires_grad = true;
    if (i > 0) ts.Add(c.Elapsed.TotalMilliseconds);
    Console.WriteLine($"freeze={freeze} fwd {f:F0} total {c.Elapsed.TotalMilliseconds:F0}");
  }
  ts.Sort(); return ts[1];
}
Console.WriteLine($"plain {Run(false):F0}  frozen {Run(true):F0} plain {Run(false):F0} frozen {Run(true):F0}");
