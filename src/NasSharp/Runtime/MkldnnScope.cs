namespace NasSharp.Runtime;

/// <summary>
/// Turns libtorch's process-wide oneDNN switch on for a region and back off when the last open region ends (a counter,
/// so nested and concurrent regions compose). Used only around kernels whose oneDNN path is checked to be correct
/// (<see cref="Ops.DepthwiseConv2d"/>). The switch is process-wide: a conv that another thread dispatches while a
/// region is open also runs on oneDNN, which is why <see cref="Experiments.InProcessExecutor"/> with more than one
/// worker turns <see cref="TorchRuntime.GroupedConvOnOneDnn"/> off. Does nothing when oneDNN is on for everything
/// (<see cref="TorchRuntime.OneDnnEnabled"/>).
/// </summary>
internal readonly struct MkldnnScope : IDisposable
{
    private static readonly object Gate = new();
    private static int _open;
    private readonly bool _counted;

    private MkldnnScope(bool counted) => _counted = counted;

    /// <summary>Opens a region with oneDNN on.</summary>
    public static MkldnnScope On()
    {
        if (TorchRuntime.OneDnnEnabled) return new(false);
        lock (Gate)
        {
            if (_open++ == 0) LibTorchBackends.SetMkldnn(true);
        }
        return new(true);
    }

    /// <summary>Closes the region; the last one to close turns oneDNN off again.</summary>
    public void Dispose()
    {
        if (!_counted) return;
        lock (Gate)
        {
            if (--_open == 0) LibTorchBackends.SetMkldnn(false);
        }
    }
}
