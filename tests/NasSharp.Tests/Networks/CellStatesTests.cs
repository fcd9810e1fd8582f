namespace NasSharp.Tests.Networks;

using NasSharp.Networks;
using static TorchSharp.torch;

public sealed class CellStatesTests
{
    [Fact]
    public void Advance_TwoCells_KeepsTheStemForTheFirstAndFreesEachStateOnceNoCellReadsIt()
    {
        using var stem = zeros(1);
        using var first = ones(1);
        using var second = ones(1);
        var (s0, s1) = (stem, stem);
        CellStates.Advance(ref s0, ref s1, first); // the first cell read the stem twice; the second reads it as s0
        Assert.Same(stem, s0);
        Assert.Same(first, s1);
        Assert.False(stem.IsInvalid);
        CellStates.Advance(ref s0, ref s1, second); // no later cell reads the stem
        Assert.Same(first, s0);
        Assert.Same(second, s1);
        Assert.True(stem.IsInvalid);
        Assert.False(first.IsInvalid);
    }

    [Fact]
    public void Forward_DartsNetworkInTraining_GradientsUnchangedByFreeingTheStates()
    {
        // The freed states are only the network's handles: autograd keeps what the backward needs, so a backward
        // after the forward still reaches the stem (its weights get a gradient) with finite values.
        manual_seed(3);
        using var net = NetworkBuilder.Build(NasSharp.SearchSpaces.PublishedArchitectures.Get("DARTS_V2"), new NetworkOptions(1, 12, 10, 4, 3));
        net.train();
        using var x = randn(2, 1, 12, 12);
        using var loss = net.call(x).square().mean();
        loss.backward();
        var grads = net.parameters().Select(p => p.grad).ToList();
        Assert.All(grads, g => Assert.NotNull(g));
        Assert.All(grads, g => Assert.True(g!.isfinite().all().item<bool>()));
        Assert.Contains(grads, g => g!.abs().sum().item<float>() > 0);
    }
}
