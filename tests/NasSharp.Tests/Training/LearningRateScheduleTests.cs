namespace NasSharp.Tests.Training;

using NasSharp.Strategies.Enas;
using NasSharp.Training;

public sealed class LearningRateScheduleTests
{
    private static double Sgdr(double tCur, double tI) => 0.001 + 0.5 * (0.1 - 0.001) * (1 + Math.Cos(Math.PI * tCur / tI));

    [Theory]
    [InlineData(0, 0, 10)]   // start of the first cycle: lr_max
    [InlineData(9, 9, 10)]   // last epoch of the 10-epoch cycle: near lr_min
    [InlineData(10, 0, 20)]  // first restart: lr_max again, the cycle now 20 epochs
    [InlineData(29, 19, 20)] // last epoch of the second cycle
    [InlineData(30, 0, 40)]  // second restart, cycle 40
    public void LearningRateAt_RestartPeriod10Multiplier2_FollowsSgdr(int epoch, int tCur, int tI)
    {
        var o = new TrainingOptions { Epochs = 70, LearningRate = 0.1, LearningRateMin = 0.001, RestartPeriod = 10, RestartMultiplier = 2 };
        Assert.Equal(Sgdr(tCur, tI), o.LearningRateAt(epoch), 12);
    }

    [Fact]
    public void LearningRateAt_RestartEpochs_JumpBackToTheMaximum()
    {
        var o = new TrainingOptions { Epochs = 70, LearningRate = 0.1, LearningRateMin = 0.001, RestartPeriod = 10 };
        Assert.True(o.LearningRateAt(9) < 0.004);
        Assert.Equal(0.1, o.LearningRateAt(10), 12);
        Assert.Equal(0.1, o.LearningRateAt(30), 12);
    }

    [Fact]
    public void LearningRateAt_DefaultNoRestarts_IsTheDartsCosineBitForBit()
    {
        var o = new TrainingOptions { Epochs = 13, LearningRate = 0.025, LearningRateMin = 0.001 };
        for (var epoch = 0; epoch <= o.Epochs; epoch++)
        {
            // The expression TrainingOptions used before the schedule was shared: results must not move.
            var before = o.LearningRateMin + (o.LearningRate - o.LearningRateMin) * (1 + Math.Cos(Math.PI * epoch / o.Epochs)) / 2;
            Assert.Equal(before, o.LearningRateAt(epoch));
        }
    }

    [Fact]
    public void EnasOptionsLearningRateAt_UsesTheSharedSchedule()
    {
        var e = new EnasOptions { LearningRateMax = 0.05, LearningRateMin = 0.0005, RestartPeriod = 10, RestartMultiplier = 2 };
        for (var epoch = 0; epoch < 80; epoch++)
            Assert.Equal(LearningRateSchedule.CosineWithRestarts(epoch, 0.05, 0.0005, 10, 2), e.LearningRateAt(epoch));
    }

    [Theory]
    [InlineData(-1, 2, "RestartPeriod (no option) must be 0 (no restarts) or more, got -1")]
    [InlineData(10, 0, "RestartMultiplier (no option) must be at least 1, got 0")]
    public void Validate_BadRestartSettings_NamesTheSetting(int period, int multiplier, string expected)
    {
        var o = new TrainingOptions { RestartPeriod = period, RestartMultiplier = multiplier };
        Assert.Contains(expected, Assert.Throws<ArgumentException>(o.Validate).Message);
    }
}
