namespace NasSharp.Runtime;

using System.Globalization;
using System.Runtime.CompilerServices;

/// <summary>
/// Process-wide libtorch settings NasSharp needs on Linux: malloc tuning (speed), oneDNN on after a start-up
/// self-check (1.6x faster conv training; see <see cref="LibTorchBackends"/>) and NNPACK off (no warning flood). Runs
/// automatically when the NasSharp assembly loads; call <see cref="Initialize"/> yourself before your first TorchSharp
/// call if your program uses TorchSharp before NasSharp.
/// <para>oneDNN: by default a few small conv backward passes are computed with oneDNN on and off
/// (<c>OneDnnSelfCheck</c>: 9 passes, 23-49 ms at start-up measured here, without touching torch's global RNG); if
/// they are not finite or disagree, oneDNN is switched off, <see cref="OneDnnStatus"/> says why and one warning line
/// goes to stderr. The environment variable <c>NASSHARP_ONEDNN=0</c> forces it off, <c>NASSHARP_ONEDNN=1</c> on (both skip the
/// check).</para>
/// </summary>
public static class TorchRuntime
{
    /// <summary>The environment variable that forces oneDNN off (<c>0</c>) or on (<c>1</c>), skipping the self-check.</summary>
    public const string OneDnnVariable = "NASSHARP_ONEDNN";

    private static int _initialized;

    /// <summary>Whether NasSharp left libtorch's oneDNN kernels on (after the self-check or forced by
    /// <see cref="OneDnnVariable"/>). False off Linux, where NasSharp does not touch it.</summary>
    public static bool OneDnnEnabled { get; private set; }

    /// <summary>One line on the oneDNN setting and why, for a CLI to print: e.g. <c>on (self-check: 9 conv backward
    /// passes agree with the reference kernels, 21 ms)</c>, <c>off (self-check: conv 1→4 pass 2: 12 NaN/inf input gradient
    /// values with oneDNN on; NASSHARP_ONEDNN=1 forces it on)</c>, <c>off (NASSHARP_ONEDNN=0)</c>. Empty before
    /// <see cref="Initialize"/>.</summary>
    public static string OneDnnStatus { get; private set; } = "";

    /// <summary>Applies every setting once (idempotent, thread-safe).</summary>
    public static void Initialize()
    {
        if (Interlocked.Exchange(ref _initialized, 1) == 1) return;
        NativeMemoryTuning.Apply();
        if (!OperatingSystem.IsLinux())
        {
            OneDnnStatus = "libtorch's default (NasSharp sets it on Linux only)";
            return;
        }
        LibTorchBackends.SetNnpack(false);
        var (enabled, status, warn) = DecideOneDnn(Environment.GetEnvironmentVariable(OneDnnVariable), OneDnnSelfCheck.Run);
        if (!LibTorchBackends.SetMkldnn(enabled))
        {
            (enabled, status, warn) = (false, "libtorch's default (its oneDNN switch could not be reached)", false);
        }
        OneDnnEnabled = enabled;
        OneDnnStatus = status;
        if (warn) Console.Error.WriteLine($"warning: NasSharp switched libtorch's oneDNN off: {status}");
    }

    /// <summary>The oneDNN decision: <paramref name="variable"/> (the value of <see cref="OneDnnVariable"/>) <c>0</c> or
    /// <c>1</c> decides without running <paramref name="check"/>; otherwise the check decides, and a disagreement asks
    /// for a warning. Any other value is ignored (the status says so).</summary>
    internal static (bool Enabled, string Status, bool Warn) DecideOneDnn(string? variable, Func<OneDnnCheckResult> check)
    {
        var value = variable?.Trim();
        if (value == "0") return (false, $"off ({OneDnnVariable}=0)", false);
        if (value == "1") return (true, $"on ({OneDnnVariable}=1, self-check skipped)", false);
        var ignored = string.IsNullOrEmpty(value) ? "" : $"; {OneDnnVariable}='{variable}' ignored, expected 0 or 1";
        var result = check();
        var ms = result.Milliseconds.ToString("F0", CultureInfo.InvariantCulture);
        return result.Agrees
            ? (true, $"on (self-check: {result.Detail}, {ms} ms{ignored})", false)
            : (false, $"off (self-check: {result.Detail}; {OneDnnVariable}=1 forces it on{ignored})", true);
    }

#pragma warning disable CA2255 // Deliberate: every user of the library gets correct, fast libtorch without knowing these traps.
    [ModuleInitializer]
    internal static void OnLoad() => Initialize();
#pragma warning restore CA2255
}
