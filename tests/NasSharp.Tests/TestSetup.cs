namespace NasSharp.Tests;

using System.Runtime.CompilerServices;

internal static class TestSetup
{
    // Apply NasSharp's libtorch settings before any test touches TorchSharp directly.
    [ModuleInitializer]
    internal static void Init() => NasSharp.Runtime.TorchRuntime.Initialize();
}
