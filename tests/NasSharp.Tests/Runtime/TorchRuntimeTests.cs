namespace NasSharp.Tests.Runtime;

using NasSharp.Runtime;
using TorchSharp;
using static TorchSharp.torch;

public class TorchRuntimeTests
{
    [Fact]
    public void SetMkldnn_OnLinux_ReachesLibTorch()
    {
        if (OperatingSystem.IsLinux()) Assert.True(LibTorchBackends.SetMkldnn(false));
    }

    [Theory]
    [InlineData(4, 28, 2)]
    [InlineData(8, 14, 32)]
    [InlineData(1, 28, 32)]
    public void Conv2dBackward_SmallChannels_InputGradientsAreFinite(int channels, int size, int batch)
    {
        // Regression: with oneDNN on, these shapes gave NaN input gradients in up to 20% of passes here.
        manual_seed(0);
        using var conv = nn.Conv2d(channels, 4, 3, padding: 1, bias: false);
        for (var i = 0; i < 100; i++)
        {
            using var scope = NewDisposeScope();
            var x = randn(batch, channels, size, size).requires_grad_(true);
            var y = conv.call(x);
            y.mul(randn_like(y)).sum().backward();
            Assert.False(x.grad!.isnan().any().item<bool>(), $"NaN input gradient in pass {i}");
        }
    }
}
