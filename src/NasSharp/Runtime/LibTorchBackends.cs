namespace NasSharp.Runtime;

using System.Runtime.InteropServices;

/// <summary>
/// Switches libtorch CPU backends that TorchSharp does not expose (PyTorch: <c>torch.backends.mkldnn.enabled</c>,
/// <c>torch.backends.nnpack.set_flags</c>), by calling <c>at::globalContext()</c> directly. What NasSharp does with
/// them (<see cref="TorchRuntime"/>; measured here, libtorch 2.10, AMD EPYC, 2 threads):
/// <list type="bullet">
/// <item>oneDNN (mkldnn): on, guarded by a start-up self-check. History: an earlier measurement on this kind of
/// machine saw NaN in the input gradient of 3x3 convs with few channels (1→4, 4→4, 8→4) in up to 20 of 100 backward
/// passes, so NasSharp turned oneDNN off. Re-measured on 2026-12-01: 0 NaN input or weight gradients in 300 passes
/// each of six shapes (1→4, 4→4, 8→4 at batch 32; 1→48, 16→16 at batch 96; 3→8 at batch 64), and a DARTS_V2 child
/// training step ran 1.6x faster with it on (573-589 vs 917-937 ms; <c>bench/onednn-conv.cs</c>). The self-check
/// switches it off again on a machine where the old fault shows.</item>
/// <item>NNPACK: off. On CPUs it does not support, libtorch retries it on conv calls and prints "Could not initialize
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
