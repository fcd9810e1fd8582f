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

    [Fact]
    public void Stratified_ClassOrderedData_KeepsEveryClassInProportionAndOrder()
    {
        // Image folders load class by class: the first N images would be one or two classes only.
        using var sorted = MakeClassOrdered([30, 30, 20, 20]);
        using var sub = DataSplit.Stratified(sorted, 50, seed: 3);
        Assert.Equal([15L, 15, 10, 10], sub.ClassCounts());
        var labels = sub.Labels.data<long>().ToArray();
        Assert.Equal(labels.Order().ToArray(), labels); // original order kept
        using var again = DataSplit.Stratified(sorted, 50, seed: 3);
        using var other = DataSplit.Stratified(sorted, 50, seed: 4);
        Assert.True(sub.Images.eq(again.Images).all().item<bool>());
        Assert.False(sub.Images.eq(other.Images).all().item<bool>());
    }

    [Fact]
    public void Stratified_UnevenShares_GivesRemaindersToLargestFractionsAndExactCount()
    {
        using var d = MakeClassOrdered([5, 3, 2]);
        using var sub = DataSplit.Stratified(d, 5, seed: 0);
        Assert.Equal([3L, 1, 1], sub.ClassCounts()); // exact 2.5, 1.5, 1.0: one remainder, to class 0 (tie to the lower label)
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.Stratified(d, 11, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.Stratified(d, 0, 0));
    }

    // A dataset with the given number of images per class, sorted by class; pixel values identify the image.
    private static ImageDataset MakeClassOrdered(int[] perClass)
    {
        var labels = perClass.SelectMany((n, c) => Enumerable.Repeat((long)c, n)).ToArray();
        var images = TorchSharp.torch.arange(labels.Length, TorchSharp.torch.ScalarType.Byte).reshape(labels.Length, 1, 1, 1).expand(labels.Length, 1, 2, 2).contiguous();
        return new ImageDataset(images, TorchSharp.torch.tensor(labels), perClass.Select((_, c) => $"c{c}").ToArray(), "sorted");
    }
}
