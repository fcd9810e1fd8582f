using NasSharp.Data;

namespace NasSharp.Tests.Data;

public class DataSplitTests
{
    [Fact]
    public void TrainValid_Default_StratifiedDisjointAndSeeded()
    {
        using var splits = DatasetCatalog.Load("default");
        var (train, valid) = DataSplit.TrainValid(splits.Train, 0.2, seed: 7);
        using (train)
        using (valid)
        {
            Assert.Equal(8000, train.Count);
            Assert.Equal(2000, valid.Count);
            Assert.All(valid.ClassCounts(), c => Assert.Equal(200, c));
            Assert.Equal(splits.Train.Classes, valid.Classes);

            var (train2, valid2) = DataSplit.TrainValid(splits.Train, 0.2, seed: 7);
            var (train3, valid3) = DataSplit.TrainValid(splits.Train, 0.2, seed: 8);
            using (train2)
            using (valid2)
            using (train3)
            using (valid3)
            {
                Assert.True(valid.Images.eq(valid2.Images).all().item<bool>());
                Assert.False(valid.Images.eq(valid3.Images).all().item<bool>());
            }
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void TrainValid_FractionOutOfRange_Throws(double fraction)
    {
        using var splits = DatasetCatalog.Load("default");
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.TrainValid(splits.Train, fraction, 0));
    }

    [Fact]
    public void Subset_PicksImagesInGivenOrder()
    {
        using var splits = DatasetCatalog.Load("default");
        using var sub = splits.Test.Subset([5, 0, 5]);
        Assert.Equal(3, sub.Count);
        Assert.True(sub.Images[0].eq(splits.Test.Images[5]).all().item<bool>());
        Assert.True(sub.Images[1].eq(splits.Test.Images[0]).all().item<bool>());
        Assert.Throws<ArgumentOutOfRangeException>(() => splits.Test.Subset([2000]));
    }
}
