namespace NasSharp.Runtime;

using System.Runtime.InteropServices;

/// <summary>
/// Switches libtorch CPU backends that TorchSharp does not expose (PyTorch: <c>torch.backends.mkldnn.enabled</c>,
/// <c>torch.backends.nnpack.set_flags</c>), by calling <c>at::globalContext()</c> directly. What NasSharp does with
/// them (<see cref="TorchRuntime"/>; measured here, libtorch 2.10, AMD EPYC, 2 threads):
/// <list type="bullet">
/// <item>oneDNN (mkldnn): off unless <c>NASSHARP_ONEDNN=1</c> (or <c>=check</c> and the self-check agrees). Its conv
/// backward is not reliable on the machines NasSharp is built on: NaN input gradients of 3x3 convs with few channels in
/// up to 20 of 100 passes (2026-11), none in 300 (2026-12-01, no AVX-512), input gradients off by up to 7 on an AVX-512
/// EPYC in every pass of a 1→4 conv (2026-12-02), and a CI machine whose start-up self-check passed but whose conv
/// training then gave NaN at the first step in 18 tests (2026-12-02). Where it is correct a DARTS_V2 child step runs
/// about 1.6x faster with it (<c>bench/onednn-conv.cs</c> measures both speed and correctness).</item>
/// <item>NNPACK: off. On CPUs it does not support, libtorch retries it on conv calls and prints "Could not initialize
/// NNPACK! Reason: Unsupported hardware." each time (70 lines in a 10-step run).</item>
/// </list>
/// </summary>
public static class LibTorchBackends
{
    /// <summary>Enables or disables oneDNN (mkldnn) kernels; false when libtorch's symbols cannot be reached.</summary>
    public static bool SetMkldnn(bool enabled) => Call(() => SetUserEnabledMkldnn(GlobalContext(), enabled));

    /// <summary>Whether oneDNN (mkldnn) kernels are enabled now; null when libtorch's symbols cannot be reached.</summary>
    public static bool? MkldnnEnabled()
    {
        bool? enabled = null;
        return Call(() => enabled = UserEnabledMkldnn(GlobalContext())) ? enabled : null;
    }

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

    [DllImport("torch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.I1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);

    [DllImport("torch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool enabled);
}
