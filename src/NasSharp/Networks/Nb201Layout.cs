namespace NasSharp.Networks;

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>The NAS-Bench-201 network's skeleton, shared by the fixed network, the ENAS shared model and the DARTS supernet
/// (NB201 <c>lib/models/cell_infers/tiny_network.py</c>): a 3x3 conv + BN stem of C channels, three stages of N cells
/// (C, 2C, 4C) joined by stride-2 residual blocks, BN + ReLU + global pooling, a linear classifier.</summary>
internal static class Nb201Layout
{
    /// <summary>The stem, body (cells from <paramref name="cell"/>(channels), residual blocks between stages), last
    /// activation and classifier for <paramref name="options"/> (N = <see cref="NetworkOptions.Layers"/>).</summary>
    public static (Sequential Stem, ModuleList<T> Body, Sequential LastAct, Linear Classifier) Build<T>(NetworkOptions options, Func<int, T> cell,
        Func<int, int, T> residual) where T : nn.Module
    {
        var c = options.Channels;
        var stem = nn.Sequential(nn.Conv2d(options.InputChannels, c, 3, padding: 1, bias: false), nn.BatchNorm2d(c));
        var body = new ModuleList<T>();
        var cPrev = c;
        for (var stage = 0; stage < 3; stage++)
        {
            var cStage = c << stage;
            if (stage > 0) body.Add(residual(cPrev, cStage));
            for (var i = 0; i < options.Layers; i++) body.Add(cell(cStage));
            cPrev = cStage;
        }
        return (stem, body, nn.Sequential(nn.BatchNorm2d(cPrev), nn.ReLU(), nn.AdaptiveAvgPool2d(1)), nn.Linear(cPrev, options.Classes));
    }
}
