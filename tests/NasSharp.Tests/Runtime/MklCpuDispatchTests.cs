namespace NasSharp.Tests.Runtime;

using System.Diagnostics;
using System.Runtime.InteropServices;
using NasSharp.Runtime;

public class MklCpuDispatchTests
{
    private delegate int NoArguments();

    private static bool LinuxX64 => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    [Fact]
    public void FindSlot_AFunctionLibTorchHasCalled_HoldsTheAddressTheDynamicLinkerResolvedForIt()
    {
        // Outside ground truth for the ELF reading and the load bias: once libtorch_cpu.so has called free() (every
        // freed tensor does), its import slot for free holds libc's free, as the dynamic linker resolved it.
        if (!LinuxX64) return;
        using (var t = TorchSharp.torch.ones(1000)) { }
        var loaded = ElfImportSlot.FindLoaded("libtorch_cpu.so");
        Assert.NotNull(loaded);
        Assert.Equal(0UL, loaded.Value.LoadBias & 0xfff);
        var slot = ElfImportSlot.FindSlot(loaded.Value.Path, "free");
        Assert.NotNull(slot);
        var libc = NativeLibrary.Load("libc.so.6");
        Assert.Equal(NativeLibrary.GetExport(libc, "free"), Marshal.ReadIntPtr((nint)(loaded.Value.LoadBias + slot.Value)));
    }

    [Fact]
    public void FindSlot_ASymbolTheLibraryDoesNotImport_IsNull()
    {
        if (!LinuxX64) return;
        var loaded = ElfImportSlot.FindLoaded("libtorch_cpu.so");
        Assert.NotNull(loaded);
        Assert.Null(ElfImportSlot.FindSlot(loaded.Value.Path, "nassharp_no_such_function"));
        Assert.Null(ElfImportSlot.FindLoaded("libnassharp-not-loaded.so"));
    }

    [Fact]
    public void FindSlot_NotAnElfFile_IsNull()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not an ELF file, but long enough to hold the 64 bytes of an ELF header......");
            Assert.Null(ElfImportSlot.FindSlot(path, "free"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(null, true, "AuthenticAMD", true, null)]
    [InlineData("", true, "AuthenticAMD", true, null)]
    [InlineData("0", true, "AuthenticAMD", true, "default kernels (NASSHARP_MKL_AVX512=0)")]
    [InlineData(" 0 ", true, "AuthenticAMD", true, "default kernels (NASSHARP_MKL_AVX512=0)")]
    [InlineData(null, true, "GenuineIntel", true, "default kernels (an Intel CPU: MKL picks its kernels by its features)")]
    [InlineData("1", false, "AuthenticAMD", true, "default kernels (NasSharp switches it on Linux x86-64 only)")]
    [InlineData("1", true, "GenuineIntel", true, "default kernels (an Intel CPU: MKL picks its kernels by its features)")]
    [InlineData("1", true, "AuthenticAMD", false, "default kernels (AuthenticAMD CPU without the AVX-512 set MKL's kernels need)")]
    [InlineData("1", true, "AuthenticAMD", true, null)]
    [InlineData(" 1 ", true, "HygonGenuine", true, null)]
    public void Refusal_VariableAndCpu_SayWhetherToSwitchAndWhyNot(string? variable, bool linuxX64, string vendor, bool avx512, string? expected)
    {
        Assert.Equal(expected, MklCpuDispatch.Refusal(variable, linuxX64, vendor, avx512));
    }

    [Fact]
    public void StartUp_VariableUnset_SwitchesOnANonIntelCpuWithAvx512AndPassesTheSelfCheck()
    {
        TorchRuntime.Initialize();
        if (Environment.GetEnvironmentVariable(MklCpuDispatch.Variable) is not (null or "")) return;
        var (vendor, avx512) = LinuxX64 ? MklCpuDispatch.ThisCpu() : ("", false);
        var refusal = MklCpuDispatch.Refusal(null, LinuxX64, vendor, avx512);
        Assert.Equal(refusal is null, MklCpuDispatch.Switched);
        if (refusal is null) Assert.StartsWith($"AVX-512 kernels ({vendor} CPU with AVX-512, MKL told it is an Intel one; self-check: 4 products within ", MklCpuDispatch.Status);
        else Assert.Equal(refusal, MklCpuDispatch.Status);
    }

    [Fact]
    public async Task Search_VariableZero_KeepsMklsOwnKernelsAndFinishes()
    {
        // In a process of its own (the switch is process-wide): a tiny search with NASSHARP_MKL_AVX512=0 says MKL kept its
        // own kernels and trains to the end (this test process runs on the switched kernels where the CPU qualifies).
        if (!LinuxX64) return;
        const string expected = "default kernels (NASSHARP_MKL_AVX512=0)";
        var dir = Path.Combine(Path.GetTempPath(), "nassharp-mkl-" + Guid.NewGuid().ToString("N"));
        try
        {
            var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "nas"))
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var a in new[] { "search", "--strategy", "random", "--space", "nb201", "--trials", "2", "--epochs", "1", "--channels", "4",
                         "--layers", "1", "--train-limit", "256", "--batch-size", "64", "--seed", "3", "--plain", "--out", dir })
                info.ArgumentList.Add(a);
            info.Environment[MklCpuDispatch.Variable] = "0";
            info.Environment["OMP_NUM_THREADS"] = "1";
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"nas search exited {process.ExitCode}: {await error}\n{await output}");
            Assert.Contains("; MKL " + expected, await output);
            Assert.Contains("finished: 2 trials (0 failed)", await output);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
