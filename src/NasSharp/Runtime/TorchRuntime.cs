namespace NasSharp.Runtime;

using System.Globalization;
using System.Runtime.CompilerServices;

/// <summary>
/// Process-wide libtorch settings NasSharp needs on Linux: malloc tuning (speed), oneDNN off unless asked for
/// (correctness; see <see cref="LibTorchBackends"/>) and NNPACK off (no warning flood). Runs automatically when the
/// NasSharp assembly loads; call <see cref="Initialize"/> yourself before your first TorchSharp call if your program
/// uses TorchSharp before NasSharp.
/// <para>oneDNN is off by default: libtorch 2.10's oneDNN conv backward returned NaN or wrong gradients on machines
/// of the kind NasSharp is built and tested on, intermittently (a start-up self-check passed on one machine whose
/// training then gave NaN at the first step; <c>bench/onednn-conv.cs</c> counts it). The environment variable
/// <c>NASSHARP_ONEDNN=1</c> forces it on (about 1.6x faster conv training where it is correct),
/// <c>NASSHARP_ONEDNN=check</c> runs the self-check (<c>OneDnnSelfCheck</c>: 9 small conv backward passes with oneDNN
/// on and off must agree) and leaves it on only if it agrees, <c>NASSHARP_ONEDNN=0</c> (or unset) keeps it off.</para>
/// </summary>
public static class TorchRuntime
{
    /// <summary>The environment variable that turns oneDNN on (<c>1</c>), on after the self-check (<c>check</c>) or off
    /// (<c>0</c>, the default when unset).</summary>
    public const string OneDnnVariable = "NASSHARP_ONEDNN";

    /// <summary>The environment variable that keeps depthwise convs off oneDNN (<c>0</c>); unset, they run on it when
    /// <c>DepthwiseOneDnnCheck</c> agrees.</summary>
    public const string DepthwiseVariable = "NASSHARP_ONEDNN_DEPTHWISE";

    private static int _initialized;
    private static readonly Lazy<(bool Enabled, string Status)> DepthwiseDecision = new(DecideDepthwiseFromEnvironment);
    private static bool? _depthwiseOverride;

    /// <summary>Whether NasSharp left libtorch's oneDNN kernels on (asked for by <see cref="OneDnnVariable"/>). False by
    /// default, and off Linux, where NasSharp does not touch it.</summary>
    public static bool OneDnnEnabled { get; private set; }

    /// <summary>One line on the oneDNN setting and why, for a CLI to print: e.g. <c>off (default; NASSHARP_ONEDNN=1
    /// turns it on)</c>, <c>on (self-check: 9 conv backward passes agree with the reference kernels, 21 ms)</c>,
    /// <c>off (self-check: conv 1→4 pass 2: 12 NaN/inf input gradient values with oneDNN on; NASSHARP_ONEDNN=1 forces it
    /// on)</c>, <c>on (NASSHARP_ONEDNN=1, self-check skipped)</c>. Empty before <see cref="Initialize"/>.</summary>
    public static string OneDnnStatus { get; private set; } = "";

    /// <summary>Whether <see cref="Ops.DepthwiseConv2d"/> runs its forward and backward on oneDNN while oneDNN is
    /// otherwise off. Default: on when the depthwise self-check (oneDNN's float32 passes against float64 ones, run once
    /// on first use, a few ms) agrees and <see cref="DepthwiseVariable"/> is not <c>0</c>. Depthwise convs are the
    /// kernel where oneDNN matters most (3-10x faster fwd+bwd at DARTS shapes than libtorch's per-group loop, 7-10x for
    /// dilated ones; <c>bench/onednn-depthwise.cs</c>) and, unlike dense convs with few channels, were correct in every
    /// measured pass. Setting it overrides the decision (the executor turns it off with more than one in-process worker,
    /// see <see cref="MkldnnScope"/>).</summary>
    public static bool DepthwiseOnOneDnn
    {
        get => _depthwiseOverride ?? DepthwiseDecision.Value.Enabled;
        set => _depthwiseOverride = value;
    }

    /// <summary>One line on <see cref="DepthwiseOnOneDnn"/> and why, for a CLI to print; runs the check if it has not
    /// run yet.</summary>
    public static string DepthwiseStatus => _depthwiseOverride is { } set
        ? (set ? "on (set by the program)" : "off (set by the program)")
        : DepthwiseDecision.Value.Status;

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
        if (warn) Console.Error.WriteLine($"warning: NasSharp left libtorch's oneDNN off: {status}");
    }

    /// <summary>The oneDNN decision from <paramref name="variable"/> (the value of <see cref="OneDnnVariable"/>): unset,
    /// empty or <c>0</c> off, <c>1</c> on, both without running <paramref name="check"/>; <c>check</c> runs it, and a
    /// disagreement asks for a warning. Any other value leaves it off and the status says it was ignored.</summary>
    internal static (bool Enabled, string Status, bool Warn) DecideOneDnn(string? variable, Func<OneDnnCheckResult> check)
    {
        var value = variable?.Trim();
        if (string.IsNullOrEmpty(value)) return (false, $"off (default; {OneDnnVariable}=1 turns it on)", false);
        if (value == "0") return (false, $"off ({OneDnnVariable}=0)", false);
        if (value == "1") return (true, $"on ({OneDnnVariable}=1, self-check skipped)", false);
        if (!value.Equals("check", StringComparison.OrdinalIgnoreCase))
            return (false, $"off ({OneDnnVariable}='{variable}' ignored, expected 0, 1 or check)", true);
        var result = check();
        var ms = result.Milliseconds.ToString("F0", CultureInfo.InvariantCulture);
        return result.Agrees
            ? (true, $"on (self-check: {result.Detail}, {ms} ms)", false)
            : (false, $"off (self-check: {result.Detail}; {OneDnnVariable}=1 forces it on)", true);
    }

    /// <summary>The depthwise decision from <paramref name="variable"/> (the value of <see cref="DepthwiseVariable"/>):
    /// <c>0</c> off without the check; anything else runs <paramref name="check"/> and follows it.</summary>
    internal static (bool Enabled, string Status, bool Warn) DecideDepthwise(string? variable, bool oneDnnEverywhere, Func<OneDnnCheckResult> check)
    {
        if (variable?.Trim() == "0") return (false, $"off ({DepthwiseVariable}=0)", false);
        if (oneDnnEverywhere) return (true, $"on (oneDNN is on for every kernel: {OneDnnVariable})", false);
        if (!OperatingSystem.IsLinux()) return (false, "off (NasSharp switches oneDNN on Linux only)", false);
        var result = check();
        var ms = result.Milliseconds.ToString("F0", CultureInfo.InvariantCulture);
        return result.Agrees
            ? (true, $"on (self-check: {result.Detail}, {ms} ms)", false)
            : (false, $"off (self-check: {result.Detail})", true);
    }

    private static (bool, string) DecideDepthwiseFromEnvironment()
    {
        Initialize();
        var (enabled, status, warn) = DecideDepthwise(Environment.GetEnvironmentVariable(DepthwiseVariable), OneDnnEnabled, DepthwiseOneDnnCheck.Run);
        if (warn) Console.Error.WriteLine($"warning: NasSharp runs depthwise convs without oneDNN: {status}");
        return (enabled, status);
    }

#pragma warning disable CA2255 // Deliberate: every user of the library gets correct, fast libtorch without knowing these traps.
    [ModuleInitializer]
    internal static void OnLoad() => Initialize();
#pragma warning restore CA2255
}
