namespace NasSharp.Benchmarks;

/// <summary>The three datasets of NAS-Bench-201 (CLI names <c>cifar10</c>, <c>cifar100</c>, <c>imagenet16-120</c>;
/// see <see cref="Nb201Benchmark.ParseDataset"/>).</summary>
public enum Nb201Dataset
{
    /// <summary>CIFAR-10 (<c>cifar10</c>).</summary>
    Cifar10,

    /// <summary>CIFAR-100 (<c>cifar100</c>).</summary>
    Cifar100,

    /// <summary>ImageNet16-120 (<c>imagenet16-120</c>).</summary>
    ImageNet16,
}
