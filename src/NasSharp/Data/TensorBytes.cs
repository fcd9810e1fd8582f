using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NasSharp.Data;

/// <summary>Fast copies between managed byte buffers and contiguous CPU uint8 tensors.</summary>
internal static class TensorBytes
{
    /// <summary>A new contiguous CPU uint8 tensor of <paramref name="shape"/> filled from <paramref name="source"/>,
    /// detached from any dispose scope.</summary>
    public static Tensor FromBytes(ReadOnlySpan<byte> source, params long[] shape)
    {
        var t = empty(shape, ScalarType.Byte).DetachFromDisposeScope();
        if (source.Length != t.numel())
        {
            t.Dispose();
            throw new ArgumentException($"expected {t.numel()} bytes, got {source.Length}", nameof(source));
        }
        source.CopyTo(Span(t));
        return t;
    }

    /// <summary>The memory of a contiguous CPU uint8 tensor as a span (valid while the tensor lives).</summary>
    public static Span<byte> Span(Tensor t)
    {
        if (t.dtype != ScalarType.Byte || !t.is_contiguous() || t.device_type != DeviceType.CPU)
        {
            throw new ArgumentException("expected a contiguous CPU uint8 tensor", nameof(t));
        }
        // For a CPU tensor TorchSharp's `bytes` is a view of the tensor's own memory, not a copy.
        return t.bytes;
    }

    /// <summary>Base pointer of a contiguous CPU uint8 tensor, for parallel writers of disjoint slices.</summary>
    public static unsafe IntPtr Pointer(Tensor t) =>
        (IntPtr)Unsafe.AsPointer(ref MemoryMarshal.GetReference(Span(t)));

    /// <summary>An int64 CPU tensor copied from <paramref name="values"/>, detached from any dispose scope.</summary>
    public static Tensor Labels(long[] values) => tensor(values, ScalarType.Int64).DetachFromDisposeScope();

    /// <summary>Copies a byte array into a managed array of longs.</summary>
    public static long[] ToLongs(ReadOnlySpan<byte> bytes)
    {
        var result = new long[bytes.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            result[i] = bytes[i];
        }
        return result;
    }

}
