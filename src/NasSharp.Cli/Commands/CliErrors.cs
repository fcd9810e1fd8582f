namespace NasSharp.Cli.Commands;

using NasSharp.Data;
using NasSharp.SearchSpaces;
using NasSharp.Training;

/// <summary>Turns expected failures (bad input, bad data, a diverging run) into one clear line and exit code 1.</summary>
public static class CliErrors
{
    /// <summary>Runs <paramref name="action"/>; known failures print <c>error: ...</c> on <paramref name="error"/>.</summary>
    public static int Run(TextWriter error, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (OperationCanceledException e)
        {
            error.WriteLine($"stopped: {e.Message}");
            return 130;
        }
        catch (Exception e) when (e is DataFormatException or ArchitectureFormatException or IOException
                                      or UnauthorizedAccessException or InvalidDataException or NonFiniteLossException
                                      or ArgumentException or NotSupportedException or InvalidOperationException
                                      or KeyNotFoundException or System.Runtime.InteropServices.ExternalException
                                      or Experiments.ExperimentLockedException or Experiments.ExperimentStoreException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
