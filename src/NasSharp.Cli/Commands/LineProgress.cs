namespace NasSharp.Cli.Commands;

using NasSharp.Training;

/// <summary>Prints each training progress report as one line, synchronously (plain output, CI-friendly).</summary>
public sealed class LineProgress(TextWriter output) : IProgress<TrainingProgress>
{
    /// <inheritdoc />
    public void Report(TrainingProgress value)
    {
        output.WriteLine(value.ToString());
        output.Flush();
    }
}
