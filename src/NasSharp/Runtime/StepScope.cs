namespace NasSharp.Runtime;

using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// One training or evaluation step's scope: a TorchSharp dispose scope that, when disposed, also has the .NET garbage
/// collector free the small native objects TorchSharp leaves to finalizers. TorchSharp 0.107 allocates a native
/// <c>c10::Scalar</c> (48 bytes of malloc) for every scalar argument, including the implicit <c>alpha = 1</c> of
/// every <c>a + b</c> and <c>add_</c> (its optimisers' updates and <c>clip_grad_norm_</c> too), and frees it only when a
/// garbage collection finalizes the wrapper; with the little managed garbage a step makes, that is one gen-0 collection
/// in 16 DARTS_V2 child steps. Those thousands of live 48-byte chunks sit in the holes the step's freed activations
/// leave and keep glibc from merging them, so the heap creeps step after step while the live bytes stay flat: peak
/// resident memory 1.76 GB after 16 child steps against 1.19-1.20 GB with a collection after each step, for the same
/// 0.64 GB of live peak and no measurable time (<c>bench/native-scalars.cs</c>; PyTorch 1.01-1.06 GB).
/// </summary>
/// <remarks>Use one per step: <c>using var scope = StepScope.Begin();</c>. The collection (generations 0 and 1,
/// blocking, then the finalizers; generation 1 too because a collection during the step promotes scalars whose
/// finalizers have not run yet) runs after the dispose scope has freed the step's tensors.</remarks>
public sealed class StepScope : IDisposable
{
    private readonly DisposeScope _scope;
    private bool _disposed;

    private StepScope(DisposeScope scope) => _scope = scope;

    /// <summary>Opens a step: a new dispose scope on this thread.</summary>
    public static StepScope Begin() => new(NewDisposeScope());

    /// <summary>Makes the step's scope dispose <paramref name="tensor"/> too (a batch read outside it).</summary>
    /// <param name="tensor">The tensor.</param>
    public void Attach(Tensor tensor) => _scope.Attach(tensor);

    /// <summary>Frees the step's tensors, then the native objects waiting for finalization
    /// (<see cref="ReleaseFinalizedNativeObjects"/>).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _scope.Dispose();
        ReleaseFinalizedNativeObjects();
    }

    /// <summary>Runs a blocking garbage collection of generations 0 and 1 and waits for the finalizers it queued, which
    /// free the native scalars (and any other unreferenced TorchSharp wrappers) of the work so far.</summary>
    public static void ReleaseFinalizedNativeObjects()
    {
        GC.Collect(1, GCCollectionMode.Forced, blocking: true);
        GC.WaitForPendingFinalizers();
    }
}
