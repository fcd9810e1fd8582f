namespace NasSharp.Runtime;

using System.Runtime.InteropServices;

/// <summary>
/// Tunes glibc malloc once per process so libtorch's per-step allocations are not returned to the OS and faulted
/// back in every step: conv nets ran 2-3x slower without it (PLATFORM.md: 562k vs 135k page faults in 23 steps).
/// Both settings are needed; either alone was worse.
/// </summary>
public static class NativeMemoryTuning
{
    private const int MTrimThreshold = -1; // M_TRIM_THRESHOLD in <malloc.h>
    private const int MMmapThreshold = -3; // M_MMAP_THRESHOLD in <malloc.h>
    /// <summary>The size from which glibc maps an allocation on its own pages (and unmaps it when freed) once the tuning
    /// is applied: 32 MiB (glibc's default is dynamic, from 128 KiB up to this).</summary>
    public const int MmapThresholdBytes = 32 * 1024 * 1024;

    private static int _applied;

    /// <summary>Whether the tuning has been applied in this process (always false off Linux/glibc).</summary>
    public static bool Applied { get; private set; }

    /// <summary>Applies the tuning (idempotent). Called by <see cref="TorchRuntime.Initialize"/>.</summary>
    public static void Apply()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 1 || !OperatingSystem.IsLinux()) return;
        try
        {
            Applied = mallopt(MMmapThreshold, MmapThresholdBytes) == 1 & mallopt(MTrimThreshold, int.MaxValue) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            Applied = false; // musl or another libc without mallopt: run untuned.
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int param, int value);
}
