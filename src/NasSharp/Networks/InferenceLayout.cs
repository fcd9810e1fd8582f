namespace NasSharp.Networks;

using NasSharp.Ops;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// The memory layout of evaluation-mode forward passes on the CPU: channels-last (NHWC memory order, NCHW shape) by
/// default. <see cref="DartsNetwork"/> copies its stem's output to channels-last strides when it is not training, and
/// the layout then carries through the cells (convolutions, batch norm, ReLU, pools, sums and concatenations keep it);
/// training passes are untouched. At batch 1 most of a DARTS child's time is its depthwise convolutions, which run on
/// oneDNN (<see cref="Runtime.TorchRuntime.GroupedConvOnOneDnn"/>): on an NCHW input oneDNN reorders input and output to
/// its blocked layout on every call (73-80 µs per 3x3 depthwise conv at 16x28x28 against 35-51 µs on channels-last).
/// Measured with <c>bench/channels-last-inference.cs</c> (the same network both ways in one process, alternating):
/// see <c>bench/README.md</c>. The logits agree with the NCHW pass to float rounding (the sums run in another order).
/// </summary>
public static class InferenceLayout
{
    /// <summary>The environment variable that keeps evaluation passes in the NCHW layout (<c>0</c>); read once, when
    /// <see cref="ChannelsLast"/> is first used.</summary>
    public const string Variable = "NASSHARP_CHANNELS_LAST_EVAL";

    /// <summary>Whether evaluation-mode CPU forward passes run in channels-last layout. Default true, unless
    /// <see cref="Variable"/> is <c>0</c>. Process-wide; set it to compare the two.</summary>
    public static bool ChannelsLast { get; set; } = Environment.GetEnvironmentVariable(Variable)?.Trim() != "0";

    /// <summary><paramref name="x"/> in the layout a forward pass of a network in mode <paramref name="training"/>
    /// should carry: a channels-last copy when not training, <see cref="ChannelsLast"/> is on and <paramref name="x"/> is
    /// a 4-D CPU tensor, else <paramref name="x"/> itself. Where autograd records, the gradient is handed back
    /// contiguous.</summary>
    public static Tensor Prepare(Tensor x, bool training) =>
        !training && ChannelsLast && x.dim() == 4 && x.device_type == DeviceType.CPU && !ChannelsLastCopy.IsChannelsLast(x)
            ? ChannelsLastCopy.Apply(x)
            : x;
}
