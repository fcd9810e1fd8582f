#:project ../src/NasSharp/NasSharp.csproj
#:property PublishAot=false
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;
NasSharp.Runtime.TorchRuntime.Initialize();
manual_seed(0);
var bn = nn.BatchNorm2d(48, affine: true); bn.train();
var cases = new (string Name, Func<Tensor, Tensor> F)[]
{
    ("relu", t => nn.functional.relu(t)),
    ("batchnorm", t => bn.call(t)),
    ("add", t => t + t),
    ("maxpool3", t => nn.functional.max_pool2d(t, 3, 1, 1)),
    ("avgpool3", t => nn.functional.avg_pool2d(t, 3, 1, 1, count_include_pad: false)),
    ("conv1x1", t => nn.functional.conv2d(t, w1!)),
    ("dwconv3", t => nn.functional.conv2d(t, wd!, padding: [1], groups: 48)),
    ("cat4", t => cat([t, t, t, t], 1)),
};
Tensor? w1 = randn(48, 48, 1, 1).requires_grad_(true), wd = randn(48, 1, 3, 3).requires_grad_(true);
foreach (var (size, label) in new[] { (28, "96x48x28x28"), (7, "96x48x7x7") })
foreach (var (name, f) in cases)
{
    var x = randn(96, 48, size, size).requires_grad_(true);
    var t = new List<double>();
    for (var i = 0; i < 25; i++)
    {
        using var scope = NewDisposeScope();
        var sw = Stopwatch.StartNew();
        f(x).sum().backward();
        if (i >= 5) t.Add(sw.Elapsed.TotalMilliseconds);
    }
    t.Sort();
    Console.WriteLine($"{label} {name,-10} {t[t.Count / 2],8:F3} ms fwd+bwd");
}
