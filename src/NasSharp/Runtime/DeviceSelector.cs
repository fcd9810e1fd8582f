namespace NasSharp.Runtime;

using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// Turns a device name from the command line or a config (<c>--device</c>) into a TorchSharp <see cref="Device"/>:
/// <c>cpu</c>, <c>cuda</c> (GPU 0), <c>cuda:N</c>, or <c>auto</c> = CUDA when <c>torch.cuda.is_available()</c>, else
/// CPU. Names are case-insensitive. NasSharp ships the CPU libtorch package, so CUDA is only available after swapping
/// in a CUDA one (README, "GPU").
/// </summary>
public static class DeviceSelector
{
    /// <summary>The names <see cref="Resolve(string)"/> accepts, for help texts and errors.</summary>
    public const string ValidNames = "cpu, cuda, cuda:N, auto";

    private const string CpuPackage = "libtorch-cpu-linux-x64";

    /// <summary>The device called <paramref name="name"/> on this machine.</summary>
    /// <param name="name"><c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c> (case-insensitive).</param>
    /// <exception cref="ArgumentException">The name is unknown (the message lists the valid ones), or it names CUDA
    /// (or a GPU index) this machine does not have.</exception>
    public static Device Resolve(string name) => Resolve(name, cuda.is_available() ? cuda.device_count() : 0);

    /// <summary>The decision behind <see cref="Resolve(string)"/>, given how many CUDA devices there are.</summary>
    internal static Device Resolve(string name, int cudaDevices)
    {
        ArgumentNullException.ThrowIfNull(name);
        var n = name.Trim().ToLowerInvariant();
        if (n == "cpu") return CPU;
        if (n == "auto") return cudaDevices > 0 ? new Device(DeviceType.CUDA, 0) : CPU;
        int index;
        if (n == "cuda") index = 0;
        else if (n.StartsWith("cuda:", StringComparison.Ordinal) &&
                 int.TryParse(n.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out index)) { }
        else throw new ArgumentException($"--device {name}: unknown device. Valid devices: {ValidNames}.");
        if (cudaDevices == 0)
            throw new ArgumentException($"--device {name}: CUDA is not available (this NasSharp build uses the CPU libtorch package " +
                $"`{CpuPackage}`; see README 'GPU' to swap in the CUDA one)");
        if (index >= cudaDevices)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--device {name}: this machine has {cudaDevices} CUDA device(s), numbered 0 to {cudaDevices - 1}."));
        return new Device(DeviceType.CUDA, index);
    }
}
