namespace NasSharp.Training;

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// Gives parameters their gradient tensors before the first forward pass, so that they sit together where the native heap
/// starts instead of wherever the first backward pass allocates them. libtorch's first backward creates every gradient
/// (its storage and its 96-byte <c>c10::StorageImpl</c>) in the middle of the activations it is freeing; those small
/// blocks live for the whole run (the optimisers zero gradients in place) and split the freed space, so later steps'
/// 19 MB activation buffers no longer fit in it and glibc's heap grows above them. The DARTS_V2 child step's heap grew to
/// 1054-1073 MB in its second and third steps against a live peak of 527 MB (<c>bench/alloc-trace</c>; PyTorch 1.13's
/// stayed at 860 MB after its first step); with the gradients allocated first its peak resident memory is 958-981 MB
/// against 1197-1232 MB (PyTorch 1017-1045), ENAS micro's shared step 4791 against 5397, and the steps are no slower
/// (<c>bench/gradient-buffers.sh</c>).
/// <para>The results are the same bit for bit: the buffers are filled with <c>-0.0</c>, and the backward pass adds
/// into an existing gradient (<c>-0.0 + g</c> is <c>g</c> for every float, <c>+0.0</c> included) where it would
/// otherwise have taken the new gradient as it is. After the first backward pass (<see cref="AfterBackward"/>) every
/// buffer still holding <c>-0.0</c> in every element, i.e. one the pass did not reach, is dropped again, so optimisers
/// skip that parameter as they skip one with no gradient (its weight decay and momentum are not applied). The one case
/// this cannot tell apart is a parameter the pass did reach with a gradient of exactly <c>-0.0</c> in every element; it
/// is treated as not reached in that step (the first one, or any after <see cref="Reset"/>): its weight decay and
/// momentum are skipped once.</para>
/// </summary>
/// <remarks>Two kinds of loop use it. One whose optimiser zeroes gradients in place (TorchSharp's
/// <c>Optimizer.zero_grad</c>: the child trainer, DARTS/BATS's ω step) calls <see cref="Allocate"/> once, then
/// <see cref="ZeroGrad"/> in place of <c>optimizer.zero_grad()</c> and <see cref="AfterBackward"/> after every backward
/// pass (only the first step checks). One that drops every gradient before
/// each step (<c>Module.zero_grad</c>, i.e. <c>set_to_none</c>: ENAS's shared step, where the parameters of the ops a
/// sampled child does not use must keep no gradient, so SGD leaves them alone) calls <see cref="Reset"/> instead of
/// <c>zero_grad</c>: the same buffers are filled with <c>-0.0</c> again and the next <see cref="AfterBackward"/> drops the
/// ones that step did not reach, which is what <c>set_to_none</c> leaves, without a new gradient allocated among each
/// step's activations.</remarks>
public sealed class GradientBuffers : IDisposable
{
    /// <summary>The environment variable that turns the buffers off (<c>0</c>: no buffers; <see cref="ZeroGrad"/> and
    /// <see cref="Reset"/> then do what <c>optimizer.zero_grad()</c> and <c>set_to_none</c> do), for
    /// <c>bench/gradient-buffers.sh</c>'s comparison.</summary>
    public const string Variable = "NASSHARP_GRADIENT_BUFFERS";

    private readonly Parameter[] _parameters;
    private readonly Tensor?[] _buffers; // views of the _flats; null for a parameter given no buffer
    private readonly bool[] _attached;
    private readonly List<(Tensor Flat, int[] Members, long[] Ends)> _flats = [];
    private bool _pending = true;

    private GradientBuffers(Parameter[] parameters)
    {
        _parameters = parameters;
        _buffers = new Tensor?[parameters.Length];
        _attached = new bool[parameters.Length];
    }

    /// <summary>Allocates a gradient, filled with <c>-0.0</c>, for every parameter of <paramref name="parameters"/> that
    /// requires one and has none yet: views of one contiguous buffer per dtype and device. Call it after building the
    /// model (and loading any checkpoint), before its first forward pass.</summary>
    /// <param name="parameters">The parameters the loop's optimiser updates.</param>
    /// <returns>The buffers; call <see cref="ZeroGrad"/> or <see cref="Reset"/> before and <see cref="AfterBackward"/>
    /// after every backward pass.</returns>
    public static GradientBuffers Allocate(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var buffers = new GradientBuffers(parameters.ToArray());
        if (Environment.GetEnvironmentVariable(Variable)?.Trim() == "0") return buffers;
        var all = buffers._parameters;
        var wanted = new List<int>();
        for (var i = 0; i < all.Length; i++)
        {
            using var grad = all[i].grad;
            if (all[i].requires_grad && grad is null) wanted.Add(i);
        }
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            foreach (var group in wanted.GroupBy(i => (all[i].dtype, all[i].device.ToString())))
            {
                var members = group.ToArray();
                var ends = new long[members.Length];
                long total = 0;
                for (var k = 0; k < members.Length; k++) ends[k] = total += all[members[k]].numel();
                var flat = full(total, -0.0, dtype: all[members[0]].dtype, device: all[members[0]].device).DetachFromDisposeScope();
                for (var k = 0; k < members.Length; k++)
                {
                    var i = members[k];
                    var start = k == 0 ? 0 : ends[k - 1];
                    buffers._buffers[i] = flat.narrow(0, start, ends[k] - start).view(all[i].shape).DetachFromDisposeScope();
                    all[i].grad = buffers._buffers[i];
                    buffers._attached[i] = true;
                }
                buffers._flats.Add((flat, members, ends));
            }
        }
        return buffers;
    }

    /// <summary>Whether the next <see cref="AfterBackward"/> will check which buffers its backward pass reached.</summary>
    public bool CheckPending => _pending;

    /// <summary>Instead of <c>optimizer.zero_grad()</c> in a loop that zeroes gradients in place: runs
    /// <paramref name="optimizer"/>'s <c>zero_grad()</c>, then, while a check is pending (the first step after
    /// <see cref="Allocate"/>), puts the buffers back to <c>-0.0</c> so that <see cref="AfterBackward"/> can tell the
    /// ones the pass reached.</summary>
    /// <param name="optimizer">The optimiser over these parameters.</param>
    public void ZeroGrad(optim.Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        optimizer.zero_grad(); // gradients the parameters already had (a trainer run before this one) too
        if (_pending) FillBuffers(detachOthers: false);
    }

    /// <summary>Instead of <c>Module.zero_grad()</c> (<c>set_to_none</c>): every buffer back to <c>-0.0</c> and attached to
    /// its parameter; the next <see cref="AfterBackward"/> detaches the ones its pass does not reach.</summary>
    public void Reset() => FillBuffers(detachOthers: true);

    // Every buffer to -0.0 and attached to its parameter; with detachOthers, the gradient of a parameter without a
    // buffer (one it already had at Allocate) is dropped, as set_to_none drops it.
    private void FillBuffers(bool detachOthers)
    {
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            foreach (var (flat, _, _) in _flats) flat.fill_(-0.0);
            for (var i = 0; i < _parameters.Length; i++)
            {
                if (_buffers[i] is not { } buffer)
                {
                    if (detachOthers && _parameters[i].grad is not null) _parameters[i].grad = null;
                    continue;
                }
                _parameters[i].grad = buffer; // again even if attached: a backward pass could have replaced it
                _attached[i] = true;
            }
        }
        _pending = true;
    }

    /// <summary>After a backward pass: if a check is pending (after <see cref="Allocate"/>, <see cref="ZeroGrad"/>'s first
    /// call or <see cref="Reset"/>), detaches from their parameters the buffers the pass did not reach (still <c>-0.0</c>
    /// in every element); otherwise does nothing.</summary>
    public void AfterBackward()
    {
        if (!_pending) return;
        _pending = false;
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            foreach (var (flat, members, ends) in _flats)
            {
                // Elements that are not -0.0, counted per buffer: a cumulative sum read at each buffer's end.
                var reached = flat.eq(0).logical_and(flat.signbit()).logical_not().to_type(ScalarType.Int64).cumsum(0);
                var counts = reached.index_select(0, tensor(ends.Select(e => e - 1).ToArray())).data<long>().ToArray();
                for (var k = 0; k < members.Length; k++)
                {
                    var i = members[k];
                    if (!_attached[i] || counts[k] != (k == 0 ? 0 : counts[k - 1])) continue;
                    _parameters[i].grad = null;
                    _attached[i] = false;
                }
            }
        }
    }

    /// <summary>Frees the buffers this object holds (the parameters keep the gradients attached to them).</summary>
    public void Dispose()
    {
        for (var i = 0; i < _buffers.Length; i++)
        {
            _buffers[i]?.Dispose();
            _buffers[i] = null;
        }
        foreach (var (flat, _, _) in _flats) flat.Dispose();
        _flats.Clear();
    }
}
