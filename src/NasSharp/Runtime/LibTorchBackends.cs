namespace NasSharp.Runtime;

using System.Runtime.InteropServices;

/// <summary>
/// Switches libtorch CPU backends that TorchSharp does not expose (PyTorch: <c>torch.backends.mkldnn.enabled</c>,
/// <c>torch.backends.nnpack.set_flags</c>), by calling <c>at::globalContext()</c> directly.
/// Why NasSharp turns both off (measured here, libtorch 2.10, AMD EPYC, 2 threads):
/// <list type="bullet">
/// <item>oneDNN (mkldnn): the input gradient of a 3x3 Conv2d with few channels (1→4, 4→4, 8→4) contained NaN in up
/// to 20 of 100 backward passes, also with the ISA capped at AVX2, so training diverged at step 2. With oneDNN off:
/// 0 of 300, and a depthwise+pointwise block at batch 96 ran 2.3x faster (49 vs 115 ms per pass).</item>
/// <item>NNPACK: on CPUs it does not support, libtorch retries it on conv calls and prints "Could not initialize
/// NNPACK! Reason: Unsupported hardware." each time (70 lines in a 10-step run).</item>
/// </list>
/// </summary>
public static class LibTorchBackends
{
    /// <summary>Enables or disables oneDNN (mkldnn) kernels; false when libtorch's symbols cannot be reached.</summary>
    public static bool SetMkldnn(bool enabled) => Call(() => SetUserEnabledMkldnn(GlobalContext(), enabled));

    /// <summary>Enables or disables NNPACK kernels; false when libtorch's symbols cannot be reached.</summary>
    public static bool SetNnpack(bool enabled) => Call(() => SetUserEnabledNnpack(GlobalContext(), enabled));

    private static bool Call(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    // at::globalContext() and at::Context member functions: `this` is the first argument (System V x86-64 ABI).
    [DllImport("torch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport("torch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool enabled);

    [DllImport("torch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool enabled);
}
