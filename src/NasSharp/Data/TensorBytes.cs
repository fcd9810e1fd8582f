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
        var t = Empty(shape);
        if (source.Length != t.numel())
        {
            t.Dispose();
            throw new ArgumentException($"expected {t.numel()} bytes, got {source.Length}", nameof(source));
        }
        source.CopyTo(Span(t));
        return t;
    }

    /// <summary>Datasets of at least this many bytes are allocated on pages of their own (<see cref="Empty"/>): 4 MiB.</summary>
    public const long MappedMinBytes = 4L << 20;

    /// <summary>A new contiguous CPU uint8 tensor of <paramref name="shape"/>, uninitialised, detached from any dispose
    /// scope. One of <see cref="MappedMinBytes"/> bytes or more is a view of at least
    /// <see cref="Runtime.NativeMemoryTuning.MmapThresholdBytes"/>, which glibc maps on pages of its own and unmaps when
    /// the tensor is freed. A dataset just under that threshold (the CIFAR-10 JPEG test split decodes to 29.3 MiB) would
    /// otherwise come from the heap, where a freed one's hole was not reused by the next load: twelve loads in one
    /// process peaked at 306-424 MB against 216 for one (perf row <c>data-decode</c>). Pages past the data are never
    /// touched, so they take no memory.</summary>
    public static Tensor Empty(params long[] shape)
    {
        var bytes = shape.Aggregate(1L, (a, b) => a * b);
        if (!Runtime.NativeMemoryTuning.Applied || bytes < MappedMinBytes || bytes >= Runtime.NativeMemoryTuning.MmapThresholdBytes)
            return empty(shape, ScalarType.Byte).DetachFromDisposeScope();
        using var scope = NewDisposeScope();
        var mapped = empty([Runtime.NativeMemoryTuning.MmapThresholdBytes], ScalarType.Byte);
        return mapped.narrow(0, 0, bytes).view(shape).DetachFromDisposeScope();
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
