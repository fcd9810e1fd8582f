namespace NasSharp.Training;

/// <summary>Thrown when a training loss becomes NaN or infinite; the last good checkpoint is kept.</summary>
public sealed class NonFiniteLossException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NonFiniteLossException(int epoch, int step, double loss, string? lastCheckpoint)
        : base($"Training stopped: the loss or gradient norm became {loss} at epoch {epoch}, step {step}. " +
               (lastCheckpoint is null
                   ? "No checkpoint had been written yet. "
                   : $"The last good checkpoint is kept at '{lastCheckpoint}'. ") +
               "Try a lower --lr, or gradient clipping.")
    {
        Epoch = epoch;
        Step = step;
        Loss = loss;
    }

    /// <summary>1-based epoch of the bad step.</summary>
    public int Epoch { get; }
    /// <summary>1-based step of the bad step.</summary>
    public int Step { get; }
    /// <summary>The non-finite loss value.</summary>
    public double Loss { get; }
}
