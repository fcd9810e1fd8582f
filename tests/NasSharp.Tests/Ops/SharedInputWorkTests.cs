namespace NasSharp.Tests.Ops;

using NasSharp.Ops;
using NasSharp.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>Ops reading one state share their first step (the leading ReLU, a pool) and give what they give alone.</summary>
public sealed class SharedInputWorkTests
{
    [Fact]
    public void Call_OpsReadingOneState_ComputeEachSharedStepOnceWithTheSameOutputs()
    {
        manual_seed(0);
        var ops = new[]
        {
            OpRegistry.Create(OpNames.SepConv3x3, 8, 1), OpRegistry.Create(OpNames.SepConv5x5, 8, 1),
            OpRegistry.Create(OpNames.DilConv3x3, 8, 1), OpRegistry.Create(OpNames.MaxPool3x3, 8, 2),
            OpRegistry.Create(OpNames.MaxPool3x3, 8, 2), OpRegistry.Create(OpNames.MaxPool3x3, 8, 1),
            OpRegistry.Create(OpNames.SkipConnect, 8, 1),
        };
        foreach (var op in ops) op.eval(); // BatchNorm on running statistics: a second call gives the same output
        using var x = randn(2, 8, 9, 9);
        using var scope = NewDisposeScope();
        using var shared = new SharedInputWork();
        var got = ops.Select(op => shared.Call(op, x)).ToArray();
        // relu once for the three convs, the stride-2 pool once for two ops, the stride-1 pool apart; identity has none.
        Assert.Equal(3, shared.Computed);
        Assert.Equal(3, shared.Reused);
        for (var i = 0; i < ops.Length; i++)
            Assert.True(got[i].equal(ops[i].call(x)).all().item<bool>(), $"op {i} ({ops[i].GetType().Name}) differs when its first step is shared");
    }

    [Fact]
    public void Call_OtherInputOrDisabled_DoesNotShare()
    {
        manual_seed(0);
        using var op = OpRegistry.Create(OpNames.SepConv3x3, 4, 1);
        using var x = randn(2, 4, 6, 6);
        using var y = x.clone(); // equal values, another state
        using var scope = NewDisposeScope();
        using var shared = new SharedInputWork();
        shared.Call(op, x);
        shared.Call(op, y);
        Assert.Equal((2, 0), (shared.Computed, shared.Reused));
        using var off = new SharedInputWork(enabled: false);
        off.Call(op, x);
        off.Call(op, x);
        Assert.Equal((0, 0), (off.Computed, off.Reused));
    }
}
