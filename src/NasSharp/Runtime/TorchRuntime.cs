namespace NasSharp.Runtime;

using System.Globalization;
using System.Runtime.CompilerServices;

/// <summary>
/// Process-wide libtorch settings NasSharp needs on Linux: malloc tuning (speed), oneDNN off unless asked for
/// (correctness; see <see cref="LibTorchBackends"/>), NNPACK off (no warning flood) and, unless NASSHARP_MKL_AVX512=0, MKL's AVX-512
/// kernels on non-Intel CPUs that have AVX-512 (speed; see <see cref="MklCpuDispatch"/>). Runs automatically when the
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

    /// <summary>The environment variable that keeps grouped convs (depthwise ones included) off oneDNN (<c>0</c>); unset,
    /// they run on it when <c>GroupedConvOneDnnCheck</c> agrees.</summary>
    public const string GroupedConvVariable = "NASSHARP_ONEDNN_GROUPED";

    private static int _initialized;
    private static readonly Lazy<(bool Enabled, string Status)> GroupedConvDecision = new(DecideGroupedConvFromEnvironment);
    private static bool? _groupedConvOverride;

    /// <summary>Whether NasSharp left libtorch's oneDNN kernels on (asked for by <see cref="OneDnnVariable"/>). False by
    /// default, and off Linux, where NasSharp does not touch it.</summary>
    public static bool OneDnnEnabled { get; private set; }

    /// <summary>One line on the oneDNN setting and why, for a CLI to print: e.g. <c>off (default; NASSHARP_ONEDNN=1
    /// turns it on)</c>, <c>on (self-check: 9 conv backward passes agree with the reference kernels, 21 ms)</c>,
    /// <c>off (self-check: conv 1→4 pass 2: 12 NaN/inf input gradient values with oneDNN on; NASSHARP_ONEDNN=1 forces it
    /// on)</c>, <c>on (NASSHARP_ONEDNN=1, self-check skipped)</c>. Empty before <see cref="Initialize"/>.</summary>
    public static string OneDnnStatus { get; private set; } = "";

    /// <summary>Whether grouped convs (<see cref="Ops.DepthwiseConv2d"/>, and <see cref="Ops.Binary.BinaryConv2d"/> with
    /// groups) run their forward and backward on oneDNN while oneDNN is otherwise off. Default: on when the grouped-conv
    /// self-check (oneDNN's float32 passes against float64 ones, run once on first use, a few ms) agrees and
    /// <see cref="GroupedConvVariable"/> is not <c>0</c>. Grouped convs are the kernels where oneDNN matters most:
    /// libtorch's own kernels loop over the groups (depthwise 3-10x slower fwd+bwd at DARTS shapes, 7-10x dilated,
    /// <c>bench/onednn-depthwise.cs</c>; BATS's 12-group convs 2-8x, <c>bench/onednn-grouped.cs</c>) and, unlike dense
    /// convs with few channels, they were correct in every measured pass. Setting it overrides the decision (the executor turns it off with more than one in-process worker,
    /// see <see cref="MkldnnScope"/>).</summary>
    public static bool GroupedConvOnOneDnn
    {
        get => _groupedConvOverride ?? GroupedConvDecision.Value.Enabled;
        set => _groupedConvOverride = value;
    }

    /// <summary>One line on <see cref="GroupedConvOnOneDnn"/> and why, for a CLI to print; runs the check if it has not
    /// run yet.</summary>
    public static string GroupedConvStatus => _groupedConvOverride is { } set
        ? (set ? "on (set by the program)" : "off (set by the program)")
        : GroupedConvDecision.Value.Status;

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
        MklCpuDispatch.Apply();
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

    /// <summary>The grouped-conv decision from <paramref name="variable"/> (the value of <see cref="GroupedConvVariable"/>):
    /// <c>0</c> off without the check; anything else runs <paramref name="check"/> and follows it.</summary>
    internal static (bool Enabled, string Status, bool Warn) DecideGroupedConv(string? variable, bool oneDnnEverywhere, Func<OneDnnCheckResult> check)
    {
        if (variable?.Trim() == "0") return (false, $"off ({GroupedConvVariable}=0)", false);
        if (oneDnnEverywhere) return (true, $"on (oneDNN is on for every kernel: {OneDnnVariable})", false);
        if (!OperatingSystem.IsLinux()) return (false, "off (NasSharp switches oneDNN on Linux only)", false);
        var result = check();
        var ms = result.Milliseconds.ToString("F0", CultureInfo.InvariantCulture);
        return result.Agrees
            ? (true, $"on (self-check: {result.Detail}, {ms} ms)", false)
            : (false, $"off (self-check: {result.Detail})", true);
    }

    private static (bool, string) DecideGroupedConvFromEnvironment()
    {
        Initialize();
        var (enabled, status, warn) = DecideGroupedConv(Environment.GetEnvironmentVariable(GroupedConvVariable), OneDnnEnabled, GroupedConvOneDnnCheck.Run);
        if (warn) Console.Error.WriteLine($"warning: NasSharp runs grouped (and depthwise) convs without oneDNN: {status}");
        return (enabled, status);
    }

#pragma warning disable CA2255 // Deliberate: every user of the library gets correct, fast libtorch without knowing these traps.
    [ModuleInitializer]
    internal static void OnLoad() => Initialize();
#pragma warning restore CA2255
}
