namespace NasSharp.Data;

/// <summary>The standard train and test parts of a dataset; owns both and disposes them together.</summary>
/// <param name="train">The training part.</param>
/// <param name="test">The test part (same classes, channels and image size).</param>
public sealed class DatasetSplits(ImageDataset train, ImageDataset test) : IDisposable
{
    /// <summary>The training part.</summary>
    public ImageDataset Train { get; } = train ?? throw new ArgumentNullException(nameof(train));

    /// <summary>The test part.</summary>
    public ImageDataset Test { get; } = test ?? throw new ArgumentNullException(nameof(test));

    /// <summary>Disposes both parts.</summary>
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
