namespace NasSharp.Tests;
using static TorchSharp.torch;

public class TorchLoadTests
{
    [Fact]
    public void NativeLibrary_Loads_AndComputes()
    {
        using var a = ones(2, 2);
        Assert.Equal(4f, a.sum().item<float>());
    }
}
