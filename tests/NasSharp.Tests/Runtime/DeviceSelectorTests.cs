namespace NasSharp.Tests.Runtime;

using NasSharp.Runtime;
using TorchSharp;

public sealed class DeviceSelectorTests
{
    [Theory]
    [InlineData("cpu")]
    [InlineData("CPU")]
    public void Resolve_Cpu_IsTheCpu(string name) => Assert.Equal(DeviceType.CPU, DeviceSelector.Resolve(name).type);

    [Fact]
    public void Resolve_AutoWithoutCuda_IsTheCpu()
    {
        Assert.Equal(DeviceType.CPU, DeviceSelector.Resolve("auto", cudaDevices: 0).type);
        if (!torch.cuda.is_available()) Assert.Equal(DeviceType.CPU, DeviceSelector.Resolve("Auto").type);
    }

    [Theory]
    [InlineData("auto", 0)]
    [InlineData("cuda", 0)]
    [InlineData("CUDA:1", 1)]
    public void Resolve_WithCuda_PicksThatGpu(string name, int index)
    {
        var d = DeviceSelector.Resolve(name, cudaDevices: 2);
        Assert.Equal((DeviceType.CUDA, index), (d.type, d.index));
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:0")]
    public void Resolve_CudaWithoutCuda_ThrowsNamingTheCpuPackage(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => DeviceSelector.Resolve(name, cudaDevices: 0));
        Assert.Equal($"--device {name}: CUDA is not available (this NasSharp build uses the CPU libtorch package " +
            "`libtorch-cpu-linux-x64`; see README 'GPU' to swap in the CUDA one)", e.Message);
    }

    [Fact]
    public void Resolve_CudaOnThisCpuBuild_Throws()
    {
        if (torch.cuda.is_available()) return;
        Assert.Contains("CUDA is not available", Assert.Throws<ArgumentException>(() => DeviceSelector.Resolve("cuda")).Message);
    }

    [Fact]
    public void Resolve_GpuIndexBeyondTheCount_ThrowsWithTheRange() =>
        Assert.Contains("numbered 0 to 1", Assert.Throws<ArgumentException>(() => DeviceSelector.Resolve("cuda:2", cudaDevices: 2)).Message);

    [Theory]
    [InlineData("tpu")]
    [InlineData("cuda:x")]
    [InlineData("")]
    public void Resolve_UnknownName_ListsTheValidNames(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => DeviceSelector.Resolve(name));
        Assert.Equal($"--device {name}: unknown device. Valid devices: cpu, cuda, cuda:N, auto.", e.Message);
    }
}
