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
        Assert.Contains("enas-micro", Assert.Throws<ArgumentException>(() => EnasOptions.ForSpace("nb201")).Message);
    }

    [Theory]
    [InlineData("enas-micro", "paper")]
    [InlineData("enas-micro", "cpu-small")]
    [InlineData("enas-macro", "paper")]
    [InlineData("enas-macro", "cpu-small")]
    public void Budget_EveryPreset_PassesValidation(string space, string preset) =>
        EnasPresets.Budget(space, preset).Validate();
}
