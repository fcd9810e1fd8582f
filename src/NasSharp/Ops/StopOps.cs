namespace NasSharp.Ops;

using static TorchSharp.torch;

/// <summary>
/// Petridish's two stop ops (Hu et al. 2019, section 3.1; archai <c>petridish_op.py</c>): stop-gradient
/// <c>sg(x)</c> is the identity forward with a zero gradient (<c>detach</c>); stop-forward <c>sf(x) = x − sg(x)</c> is
/// exactly zero forward (x − x of a finite x is +0 in IEEE arithmetic) with the identity gradient.
/// </summary>
public static class StopOps
{
    /// <summary><c>sg(x)</c>: the same values, no gradient flows back through it.</summary>
    public static Tensor StopGradient(Tensor x) => x.detach();

    /// <summary><c>sf(x) = x − sg(x)</c>: zeros forward, the identity backward.</summary>
    public static Tensor StopForward(Tensor x)
    {
        using var detached = x.detach();
        return x.sub(detached);
    }
}
