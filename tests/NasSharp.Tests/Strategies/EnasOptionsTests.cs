namespace NasSharp.Tests.Strategies;

using NasSharp.Strategies.Enas;

public sealed class EnasOptionsTests
{
    [Theory]
    [InlineData(0, 0.05)]      // start of the first period (T_0 = 10)
    [InlineData(10, 0.05)]     // first restart
    [InlineData(30, 0.05)]     // second restart after 10 + 20 epochs
    [InlineData(70, 0.05)]     // third restart after 10 + 20 + 40
    [InlineData(20, 0.02525)]  // half-way through the 20-epoch period: (max + min) / 2
    public void LearningRateAt_ReferenceSchedule_RestartsAt10And30And70(int epoch, double expected) =>
        Assert.Equal(expected, new EnasOptions().LearningRateAt(epoch), 6);

    [Fact]
    public void LearningRateAt_LastEpochOfPeriod_NearMinimum() =>
        Assert.InRange(new EnasOptions().LearningRateAt(9), 0.0005, 0.0020);

    [Fact]
    public void ForSpace_Macro_UsesMacroScriptSettings()
    {
        var o = EnasOptions.ForSpace("enas-macro");
        Assert.Equal((310, 12, 36, 128, 2.5e-4, 50, 20, 1e-3, 1.5), (o.Epochs, o.Layers, o.Channels, o.BatchSize, o.L2, o.ControllerSteps, o.ControllerAggregate, o.ControllerLearningRate, o.TanhConstant));
    }

    [Fact]
    public void ForSpace_UnknownPresetOrSpace_ListsValidChoices()
    {
        Assert.Contains("cpu-small", Assert.Throws<ArgumentException>(() => EnasOptions.ForSpace("enas-micro", "gpu-huge")).Message);
        Assert.Contains("enas-micro, enas-macro and nb201", Assert.Throws<ArgumentException>(() => EnasOptions.ForSpace("darts")).Message);
    }

    [Theory]
    [InlineData("enas-micro", "paper")]
    [InlineData("enas-micro", "cpu-small")]
    [InlineData("enas-macro", "paper")]
    [InlineData("enas-macro", "cpu-small")]
    public void Budget_EveryPreset_PassesValidation(string space, string preset) =>
        EnasPresets.Budget(space, preset).Validate();

    [Fact]
    public void Budget_PaperMicro_FollowsMicroFinalScript()
    {
        var b = EnasPresets.Budget("enas-micro", "paper");
        // cifar10_micro_final.sh: batch 144, 630 epochs, aux heads, cutout 16, 15 (+2) layers, 36 filters, keep 0.8,
        // drop-path keep 0.6, l2 2e-4 (SGD wd 4e-4), cosine 0.05 -> 1e-4 with T_0 10, T_mul 2, Nesterov.
        Assert.Equal((144, 630, true, 16, 17, 36, 0.2, 0.4, 4e-4, 0.05, 1e-4, 10, 2, true),
            (b.BatchSize, b.Epochs, b.Auxiliary, b.Cutout, b.Layers, b.Channels, b.Dropout, b.DropPath, b.WeightDecay, b.LearningRate,
             b.LearningRateMin, b.RestartPeriod, b.RestartMultiplier, b.Nesterov));
        Assert.Equal(630, EnasOptions.ForSpace("enas-micro").RetrainEpochs);
        // The trainer gets the same recipe: restarts at epochs 10 and 30 back to 0.05.
        var t = b.ToTrainingOptions(seed: 0);
        Assert.Equal((0.05, 0.05, true), (t.LearningRateAt(10), t.LearningRateAt(30), t.Nesterov));
        Assert.InRange(t.LearningRateAt(29), 1e-4, 5e-4); // last epoch of the 20-epoch period: near the minimum
    }

    [Fact]
    public void Budget_PaperMacro_FollowsMacroFinalScript()
    {
        var b = EnasPresets.Budget("enas-macro", "paper");
        // cifar10_macro_final.sh: batch 100, 310 epochs, 96 filters, keep 0.5, l2 2e-4, cosine 0.05 -> 1e-3, T_0 10, T_mul 2.
        Assert.Equal((100, 310, 96, 0.5, 4e-4, 1e-3, 10, 2, true, false, 0.0),
            (b.BatchSize, b.Epochs, b.Channels, b.Dropout, b.WeightDecay, b.LearningRateMin, b.RestartPeriod, b.RestartMultiplier, b.Nesterov,
             b.Auxiliary, b.DropPath));
        Assert.Equal(310, EnasOptions.ForSpace("enas-macro").RetrainEpochs);
    }
}
