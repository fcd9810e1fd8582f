namespace NasSharp.Runtime;

using System.Runtime.InteropServices;

/// <summary>
/// The native heap as glibc sees it (<c>mallinfo2</c>, glibc 2.33+): what libtorch's tensors and TorchSharp's native
/// objects hold, apart from the .NET heap. <see cref="LiveBytes"/> against <see cref="HeapBytes"/> tells memory kept
/// alive from free memory the allocator holds in holes (<c>bench/perf</c>'s <c>PERF_LIVE=1</c>,
/// <c>bench/native-scalars.cs</c>, <see cref="StepScope"/>). Each call walks every arena under its lock: sample it, do
/// not call it per op.
/// </summary>
public static class NativeHeap
{
    /// <summary>Bytes in use: allocated chunks plus mmapped blocks (<c>uordblks + hblkhd</c>); 0 where glibc's
    /// <c>mallinfo2</c> is not available (another libc, another OS).</summary>
    public static long LiveBytes => Read() is { } m ? (long)(m.Uordblks + m.Hblkhd) : 0;

    /// <summary>Bytes the heap spans: the arenas' memory from the system plus mmapped blocks
    /// (<c>arena + hblkhd</c>); 0 where <c>mallinfo2</c> is not available.</summary>
    public static long HeapBytes => Read() is { } m ? (long)(m.Arena + m.Hblkhd) : 0;

    private static MallInfo2? Read()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            return Mallinfo2();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null; // musl, or glibc older than 2.33
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallInfo2 Mallinfo2();
}
