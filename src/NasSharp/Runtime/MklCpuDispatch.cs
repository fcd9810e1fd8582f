namespace NasSharp.Runtime;

using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using static TorchSharp.torch;

/// <summary>
/// Lets the MKL inside libtorch run its AVX-512 kernels on non-Intel CPUs that have AVX-512 (AMD Zen 4 and later); on by
/// default, <see cref="Variable"/> = <c>0</c> turns it off. MKL picks its kernels by asking
/// <c>mkl_serv_intel_cpu_true()</c> whether the CPU is an Intel one; on an AMD EPYC with AVX-512 it runs its AVX2 "zen"
/// kernels, and a 2048x2048 float32 product took 114-210 ms on 2 threads against OpenBLAS's 89-96 in PyTorch.
/// libtorch_cpu.so calls that function through its import table (a lazily bound <c>R_X86_64_JUMP_SLOT</c>), so this
/// points that one slot at a function that answers yes, as the well-known <c>LD_PRELOAD</c> shim does for a whole
/// process, and checks a few float32 products against float64 sums before keeping it. The results differ from the AVX2
/// kernels' only in float rounding.
/// <para>Measured (<c>bench/mkl-dispatch.sh</c>, 2 threads, with / without): the perf suite's rows that multiply large
/// matrices get faster (the product 0.75-0.84x the time, the ENAS recurrent shared step 0.81-0.97x, Petridish
/// 0.82-1.04x, the child step 0.85-1.11x); against PyTorch the product goes from 1.6-2.0x to 0.94-0.99x. MKL's AVX-512
/// kernels hold ~18 MB more buffers. Its first version made README's main job 1.6x slower (6 min 36 s against 4 min
/// 7 s; one more thread in the process and 14% of samples in the kernel's futex paths): its self-check then multiplied
/// matrices up to 33x300x50 on the start-up thread. With the check cut to 16x16x16 and smaller, the main job took 4 min
/// 6 s and 4 min 12 s with it against 3 min 50 s and 4 min 29 s without, alternating (2026-12-03), so it became the
/// default. Why the smaller check removed the loss is not established (a probe shows MKL's AVX-512 sgemm opens an
/// OpenMP team on the calling thread even at 16x16x16).</para>
/// <para>Runs once from <see cref="TorchRuntime.Initialize"/>, after libtorch is loaded and before NasSharp's first
/// matrix product (MKL asks once and keeps the answer). Applies only on Linux x86-64, to a CPU that is not Intel's and
/// has AVX-512 F, CD, BW, DQ and VL (the set MKL's AVX-512 kernels use), where libtorch_cpu.so imports the
/// function.</para>
/// </summary>
public static class MklCpuDispatch
{
    /// <summary>The environment variable that keeps MKL's own choice of kernels (<c>0</c>); unset or anything else
    /// switches MKL to its AVX-512 kernels on a non-Intel CPU with AVX-512.</summary>
    public const string Variable = "NASSHARP_MKL_AVX512";

    private const string Library = "libtorch_cpu.so";
    private const string Function = "mkl_serv_intel_cpu_true";
    private static int _applied;

    /// <summary>Whether MKL was switched to its AVX-512 kernels in this process.</summary>
    public static bool Switched { get; private set; }

    /// <summary>One line on MKL's kernels and why, for a CLI to print: e.g. <c>AVX-512 kernels (AuthenticAMD CPU with
    /// AVX-512, MKL told it is an Intel one; self-check: 4 products within 1.1E-07 of float64, 30 ms)</c> or <c>default
    /// kernels (an Intel CPU: MKL picks its kernels by its features)</c>. Empty before
    /// <see cref="TorchRuntime.Initialize"/>.</summary>
    public static string Status { get; private set; } = "";

    /// <summary>Applies the switch once (idempotent). Called by <see cref="TorchRuntime.Initialize"/>.</summary>
    internal static void Apply()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 1) return;
        try
        {
            (Switched, Status) = Decide();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or DllNotFoundException or EntryPointNotFoundException or FormatException or OverflowException)
        {
            (Switched, Status) = (false, $"default kernels (switch not applied: {e.Message})");
        }
    }

    private static (bool, string) Decide()
    {
        var linuxX64 = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;
        var (vendor, avx512) = linuxX64 ? ThisCpu() : ("", false);
        if (Refusal(Environment.GetEnvironmentVariable(Variable), linuxX64, vendor, avx512) is { } reason) return (false, reason);
        if (ElfImportSlot.FindLoaded(Library) is not { } loaded) return (false, $"default kernels ({Library} is not loaded)");
        if (ElfImportSlot.FindSlot(loaded.Path, Function) is not { } slot)
            return (false, $"default kernels ({Library} does not import {Function})");
        var address = (nint)(loaded.LoadBias + slot);
        var answerYes = ReturnOne();
        if (answerYes == 0) return (false, "default kernels (no executable page for the answer)");
        var before = Marshal.ReadIntPtr(address);
        if (!Write(address, answerYes)) return (false, $"default kernels (the import slot of {Function} could not be written)");
        var (agrees, detail) = SelfCheck();
        if (agrees) return (true, $"AVX-512 kernels ({vendor} CPU with AVX-512, MKL told it is an Intel one; self-check: {detail})");
        Write(address, before);
        Console.Error.WriteLine($"warning: MKL's AVX-512 kernels failed NasSharp's self-check ({detail}); set {Variable}=0");
        return (false, $"default kernels (self-check with AVX-512 kernels: {detail}; slot restored, but MKL may keep the kernels it picked in this process)");
    }

    /// <summary>Why MKL is left alone, or null to switch it: <paramref name="variable"/> (the value of
    /// <see cref="Variable"/>) <c>0</c>; not Linux x86-64; an Intel CPU (MKL already runs what its features allow);
    /// no AVX-512 F/CD/BW/DQ/VL.</summary>
    internal static string? Refusal(string? variable, bool linuxX64, string vendor, bool avx512)
    {
        if (variable?.Trim() == "0") return $"default kernels ({Variable}=0)";
        if (!linuxX64) return "default kernels (NasSharp switches it on Linux x86-64 only)";
        if (vendor == "GenuineIntel") return "default kernels (an Intel CPU: MKL picks its kernels by its features)";
        if (!avx512) return $"default kernels ({vendor} CPU without the AVX-512 set MKL's kernels need)";
        return null;
    }

    /// <summary>float32 products (square, odd and transposed shapes; MKL's sgemm) against float64 sums of the same
    /// products written out elementwise (no BLAS): the largest difference over the largest magnitude must stay under
    /// 1e-5 (float32 sums of 45 terms: ~1e-7). The shapes are small on purpose: with products up to 33x300x50 README's
    /// main job ran 1.6x slower on two threads (see the type's remarks; the mechanism is not established).</summary>
    internal static (bool Agrees, string Detail) SelfCheck()
    {
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        using var generator = new Generator(20261203, CPU);
        var worst = 0.0;
        foreach (var (m, k, n, transposed) in new[] { (16, 16, 16, false), (13, 7, 29, false), (9, 45, 11, true), (1, 33, 40, true) })
        {
            var a = randn(m, k, generator: generator);
            var b = transposed ? randn(n, k, generator: generator).t() : randn(k, n, generator: generator);
            var product = a.matmul(b).to_type(ScalarType.Float64);
            var reference = (a.to_type(ScalarType.Float64).unsqueeze(2) * b.to_type(ScalarType.Float64).unsqueeze(0)).sum(1);
            var scale = reference.abs().max().item<double>();
            var error = (product - reference).abs().max().item<double>() / scale;
            worst = double.IsFinite(error) ? Math.Max(worst, error) : double.PositiveInfinity;
        }
        var detail = string.Create(CultureInfo.InvariantCulture, $"4 products within {worst:G2} of float64, {clock.Elapsed.TotalMilliseconds:F0} ms");
        return (worst < 1e-5, detail);
    }

    /// <summary>This CPU's vendor string (<c>cpuid</c> leaf 0) and whether it has the AVX-512 set MKL's AVX-512
    /// kernels use (F, CD, BW, DQ, VL). x86 only.</summary>
    internal static (string Vendor, bool Avx512) ThisCpu()
    {
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        Span<byte> bytes = stackalloc byte[12];
        BitConverter.TryWriteBytes(bytes, ebx);
        BitConverter.TryWriteBytes(bytes[4..], edx);
        BitConverter.TryWriteBytes(bytes[8..], ecx);
        return (System.Text.Encoding.ASCII.GetString(bytes),
            Avx512F.IsSupported && Avx512CD.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported);
    }

    // mov eax, 1; ret: a function of no arguments that returns 1, on a page of its own made executable.
    private static nint ReturnOne()
    {
        var page = mmap(0, PageSize, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (page == -1) return 0;
        Marshal.Copy(new byte[] { 0xB8, 0x01, 0x00, 0x00, 0x00, 0xC3 }, 0, page, 6);
        return mprotect(page, PageSize, ProtRead | ProtExec) == 0 ? page : 0;
    }

    // The slot's page is writable where the library was linked for lazy binding (libtorch 2.10's is); where it is not
    // (full RELRO), it is made writable for the write and read-only again after it.
    private static bool Write(nint address, nint value)
    {
        var page = address & ~(nint)(PageSize - 1);
        var writable = IsWritable(address);
        if (!writable && mprotect(page, PageSize, ProtRead | ProtWrite) != 0) return false;
        Marshal.WriteIntPtr(address, value);
        if (!writable) mprotect(page, PageSize, ProtRead);
        return true;
    }

    private static bool IsWritable(nint address)
    {
        var at = (ulong)address;
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var parts = line.Split(' ', 3);
            var range = parts[0].Split('-');
            if (at >= Convert.ToUInt64(range[0], 16) && at < Convert.ToUInt64(range[1], 16)) return parts[1][1] == 'w';
        }
        return false;
    }

    private static readonly int PageSize = Environment.SystemPageSize;
    private const int ProtRead = 1, ProtWrite = 2, ProtExec = 4, MapPrivate = 2, MapAnonymous = 0x20;

    [DllImport("libc", SetLastError = true)]
    private static extern nint mmap(nint address, nint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", SetLastError = true)]
    private static extern int mprotect(nint address, nint length, int protection);
}
