namespace NasSharp.Runtime;

using System.Runtime.CompilerServices;

/// <summary>
/// Process-wide libtorch settings NasSharp needs on Linux: malloc tuning (speed), oneDNN off (correct and faster conv
/// gradients, see <see cref="LibTorchBackends"/>) and NNPACK off (no warning flood). Runs automatically when the NasSharp assembly loads; call
/// <see cref="Initialize"/> yourself before your first TorchSharp call if your program uses TorchSharp before NasSharp.
/// </summary>
public static class TorchRuntime
{
    private static int _initialized;

    /// <summary>Whether oneDNN was switched off. False off Linux, or if a future libtorch renamed the symbol: then conv
    /// gradients may contain NaN on some CPUs (see <see cref="LibTorchBackends"/>), and callers should warn.</summary>
    public static bool OneDnnDisabled { get; private set; }

    /// <summary>Applies every setting once (idempotent, thread-safe).</summary>
    public static void Initialize()
    {
        if (Interlocked.Exchange(ref _initialized, 1) == 1) return;
        NativeMemoryTuning.Apply();
        if (!OperatingSystem.IsLinux()) return;
        OneDnnDisabled = LibTorchBackends.SetMkldnn(false);
        LibTorchBackends.SetNnpack(false);
    }

#pragma warning disable CA2255 // Deliberate: every user of the library gets correct, fast libtorch without knowing these traps.
    [ModuleInitializer]
    internal static void OnLoad() => Initialize();
#pragma warning restore CA2255
}
