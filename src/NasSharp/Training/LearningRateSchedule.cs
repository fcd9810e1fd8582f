namespace NasSharp.Training;

/// <summary>
/// The cosine learning-rate schedules, stepped once per epoch, written once for every trainer: plain cosine annealing
/// (DARTS <c>CosineAnnealingLR</c>) and cosine annealing with warm restarts (SGDR; ENAS <c>utils.get_train_ops</c>).
/// </summary>
public static class LearningRateSchedule
{
    /// <summary>Cosine annealing from <paramref name="max"/> at epoch 0 towards <paramref name="min"/> over
    /// <paramref name="period"/> epochs: <c>min + ½(max − min)(1 + cos(π·epoch/period))</c>.</summary>
    /// <param name="epoch">0-based epoch.</param>
    /// <param name="max">Learning rate at epoch 0.</param>
    /// <param name="min">Learning rate approached at the end of the period.</param>
    /// <param name="period">Epochs of the cycle; values below 1 count as 1.</param>
    public static double Cosine(int epoch, double max, double min, int period) =>
        min + 0.5 * (max - min) * (1 + Math.Cos(Math.PI * epoch / Math.Max(1, period)));

    /// <summary>Cosine annealing with warm restarts (SGDR), as ENAS's <c>utils.get_train_ops</c> steps it per epoch:
    /// <c>min + ½(max − min)(1 + cos(π·T_cur/T_i))</c>, where the first cycle lasts <paramref name="firstPeriod"/>
    /// epochs, each next one <paramref name="multiplier"/> times longer, and <c>T_cur</c> counts epochs since the last
    /// restart. Example: first period 10, multiplier 2 restarts at epochs 10, 30, 70.</summary>
    /// <param name="epoch">0-based epoch.</param>
    /// <param name="max">Learning rate at each restart.</param>
    /// <param name="min">Learning rate approached at the end of each cycle.</param>
    /// <param name="firstPeriod">Epochs of the first cycle; values below 1 count as 1.</param>
    /// <param name="multiplier">Growth of the cycle length after each restart; values below 1 count as 1.</param>
    public static double CosineWithRestarts(int epoch, double max, double min, int firstPeriod, int multiplier)
    {
        long period = Math.Max(1, firstPeriod), start = 0;
        while (epoch >= start + period)
        {
            start += period;
            period *= Math.Max(1, multiplier);
        }
        return min + 0.5 * (max - min) * (1 + Math.Cos(Math.PI * (epoch - start) / period));
    }
}
