namespace NasSharp.Benchmarks;

using NasSharp.SearchSpaces;

/// <summary>
/// One row of the NAS-Bench-201 tables: <c>nas-bench-201.csv</c> (200-epoch columns and parameters) joined with
/// <c>nas-bench-201-12epoch.csv</c> (12-epoch columns) on the index. Accuracies are in percent, as in the files;
/// parameters in millions. See <c>shared/data/nas-bench-201/README.md</c> for what each column measures.
/// </summary>
/// <param name="Index">Benchmark index, 0..15624 (<see cref="Nb201SearchSpace.At"/>).</param>
/// <param name="Arch">The official arch string.</param>
/// <param name="Genotype">The cell.</param>
/// <param name="Cifar10ValidAcc"><c>cifar10_valid_acc</c>: cifar10-valid, x-valid, 200 epochs.</param>
/// <param name="Cifar10ValidSplitTestAcc"><c>cifar10_valid_split_test_acc</c>: cifar10-valid, ori-test, 200 epochs.</param>
/// <param name="Cifar10TestAcc"><c>cifar10_test_acc</c>: cifar10 (all 50k train), ori-test, 200 epochs (the "94.37" number).</param>
/// <param name="Cifar10TestAccNb201V11"><c>cifar10_test_acc_nb201v11</c>: the same from the NAS-Bench-201 v1_1 file.</param>
/// <param name="Cifar100TestAcc"><c>cifar100_test_acc</c>: cifar100, x-test, 200 epochs.</param>
/// <param name="ImageNet16TestAcc"><c>imagenet16_120_test_acc</c>: ImageNet16-120, x-test, 200 epochs.</param>
/// <param name="ParamsMbCifar10"><c>params_mb_cifar10</c>: parameters in millions (10 classes).</param>
/// <param name="ParamsMbCifar100"><c>params_mb_cifar100</c>: parameters in millions (100 classes).</param>
/// <param name="ParamsMbImageNet16"><c>params_mb_imagenet16_120</c>: parameters in millions (120 classes).</param>
/// <param name="Cifar10ValidAcc12Ep"><c>cifar10_valid_acc_12ep</c>: cifar10-valid, x-valid, 12 epochs (the search signal).</param>
/// <param name="Cifar10TestAcc12Ep"><c>cifar10_test_acc_12ep</c>: cifar10, ori-test, 12 epochs.</param>
/// <param name="Cifar100ValidAcc12Ep"><c>cifar100_valid_acc_12ep</c>: cifar100, x-valid, 12 epochs.</param>
/// <param name="Cifar100TestAcc12Ep"><c>cifar100_test_acc_12ep</c>: cifar100, x-test, 12 epochs.</param>
/// <param name="ImageNet16ValidAcc12Ep"><c>imagenet16_120_valid_acc_12ep</c>: ImageNet16-120, x-valid, 12 epochs.</param>
/// <param name="ImageNet16TestAcc12Ep"><c>imagenet16_120_test_acc_12ep</c>: ImageNet16-120, x-test, 12 epochs.</param>
public sealed record Nb201Entry(
    int Index, string Arch, Nb201Genotype Genotype,
    double Cifar10ValidAcc, double Cifar10ValidSplitTestAcc, double Cifar10TestAcc, double Cifar10TestAccNb201V11,
    double Cifar100TestAcc, double ImageNet16TestAcc,
    double ParamsMbCifar10, double ParamsMbCifar100, double ParamsMbImageNet16,
    double Cifar10ValidAcc12Ep, double Cifar10TestAcc12Ep, double Cifar100ValidAcc12Ep, double Cifar100TestAcc12Ep,
    double ImageNet16ValidAcc12Ep, double ImageNet16TestAcc12Ep)
{
    /// <summary>Metric name of the true 200-epoch CIFAR-10 test accuracy (0..1) recorded beside NB201 trials.</summary>
    public const string Cifar10TestMetric = "nb201_cifar10_test_acc";

    /// <summary>Metric name of the true 200-epoch CIFAR-100 test accuracy (0..1).</summary>
    public const string Cifar100TestMetric = "nb201_cifar100_test_acc";

    /// <summary>Metric name of the true 200-epoch ImageNet16-120 test accuracy (0..1).</summary>
    public const string ImageNet16TestMetric = "nb201_imagenet16_test_acc";

    /// <summary>The 200-epoch test accuracy (percent) on <paramref name="dataset"/>.</summary>
    public double TestAccuracy(Nb201Dataset dataset) => dataset switch
    {
        Nb201Dataset.Cifar10 => Cifar10TestAcc,
        Nb201Dataset.Cifar100 => Cifar100TestAcc,
        Nb201Dataset.ImageNet16 => ImageNet16TestAcc,
        _ => throw new ArgumentOutOfRangeException(nameof(dataset), dataset, null),
    };

    /// <summary>Every numeric column as (CSV column name, value as in the file), in file order: the 200-epoch table's
    /// columns, then the 12-epoch table's.</summary>
    public IReadOnlyList<(string Column, double Value)> Columns() =>
    [
        ("cifar10_valid_acc", Cifar10ValidAcc), ("cifar10_valid_split_test_acc", Cifar10ValidSplitTestAcc),
        ("cifar10_test_acc", Cifar10TestAcc), ("cifar10_test_acc_nb201v11", Cifar10TestAccNb201V11),
        ("cifar100_test_acc", Cifar100TestAcc), ("imagenet16_120_test_acc", ImageNet16TestAcc),
        ("params_mb_cifar10", ParamsMbCifar10), ("params_mb_cifar100", ParamsMbCifar100), ("params_mb_imagenet16_120", ParamsMbImageNet16),
        ("cifar10_valid_acc_12ep", Cifar10ValidAcc12Ep), ("cifar10_test_acc_12ep", Cifar10TestAcc12Ep),
        ("cifar100_valid_acc_12ep", Cifar100ValidAcc12Ep), ("cifar100_test_acc_12ep", Cifar100TestAcc12Ep),
        ("imagenet16_120_valid_acc_12ep", ImageNet16ValidAcc12Ep), ("imagenet16_120_test_acc_12ep", ImageNet16TestAcc12Ep),
    ];

    /// <summary>The three true 200-epoch test accuracies as trial metrics, in 0..1: <see cref="Cifar10TestMetric"/>,
    /// <see cref="Cifar100TestMetric"/>, <see cref="ImageNet16TestMetric"/>.</summary>
    public IReadOnlyDictionary<string, double> TrueAccuracyMetrics() => new Dictionary<string, double>
    {
        [Cifar10TestMetric] = Cifar10TestAcc / 100,
        [Cifar100TestMetric] = Cifar100TestAcc / 100,
        [ImageNet16TestMetric] = ImageNet16TestAcc / 100,
    };

    /// <summary>Every column as a trial metric named <c>nb201_&lt;column&gt;</c> (<c>imagenet16_120</c> shortened to
    /// <c>imagenet16</c>): accuracies in 0..1, parameters in millions. Includes <see cref="TrueAccuracyMetrics"/>.</summary>
    public IReadOnlyDictionary<string, double> Metrics()
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (column, value) in Columns())
        {
            var name = "nb201_" + column.Replace("imagenet16_120", "imagenet16", StringComparison.Ordinal);
            metrics[name] = column.StartsWith("params_", StringComparison.Ordinal) ? value : value / 100;
        }
        return metrics;
    }
}
