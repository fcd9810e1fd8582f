namespace NasSharp.Cost;

using System.Diagnostics;
using static TorchSharp.torch;

/// <summary>Latency per image on this machine: the median wall time of a batch-1 forward pass in eval mode without
/// gradients, after warm-up passes. A measurement of this process on this machine, never compared across machines.</summary>
public static class LatencyMeter
{
    /// <summary>Median milliseconds of <paramref name="repeats"/> forward passes (default 15) after
    /// <paramref name="warmup"/> (default 3) of a zero image [1, channels, height, width].</summary>
    public static double MeasureMs(nn.Module<Tensor, Tensor> network, int channels, int height, int width, int repeats = 15, int warmup = 3)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var device = network.parameters().FirstOrDefault()?.device ?? CPU;
        var wasTraining = network.training;
        network.eval();
        try
        {
            using var noGrad = no_grad();
            using var x = zeros([1, channels, height, width], device: device);
            var times = new double[repeats];
            for (var i = -warmup; i < repeats; i++)
            {
                var watch = Stopwatch.StartNew();
                using (var scope = NewDisposeScope()) network.call(x);
                if (i >= 0) times[i] = watch.Elapsed.TotalMilliseconds;
            }
            Array.Sort(times);
            return times[repeats / 2];
        }
        finally
        {
            network.train(wasTraining);
        }
    }
}
