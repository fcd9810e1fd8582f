namespace NasSharp.Benchmarks;

using System.Globalization;
using NasSharp.SearchSpaces;

/// <summary>Reads one of the two NAS-Bench-201 CSV files: exact header, 15,625 rows in index order, each arch string
/// the one <see cref="Nb201SearchSpace"/> gives for that index, every number finite.</summary>
internal static class Nb201Csv
{
    /// <summary>The header of <c>nas-bench-201.csv</c>.</summary>
    public static readonly string[] MainHeader =
    [
        "index", "arch", "cifar10_valid_acc", "cifar10_valid_split_test_acc", "cifar10_test_acc", "cifar10_test_acc_nb201v11",
        "cifar100_test_acc", "imagenet16_120_test_acc", "params_mb_cifar10", "params_mb_cifar100", "params_mb_imagenet16_120",
    ];

    /// <summary>The header of <c>nas-bench-201-12epoch.csv</c>.</summary>
    public static readonly string[] EpochHeader =
    [
        "index", "arch", "cifar10_valid_acc_12ep", "cifar10_test_acc_12ep", "cifar100_valid_acc_12ep", "cifar100_test_acc_12ep",
        "imagenet16_120_valid_acc_12ep", "imagenet16_120_test_acc_12ep",
    ];

    /// <summary>The numeric columns of each row (row i is index i).</summary>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">Wrong header, row count, index, arch or number; the message names the
    /// file, line and column.</exception>
    public static double[][] Read(string path, string[] header)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"NAS-Bench-201 table '{path}' does not exist.", path);
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) throw new InvalidDataException($"{path}: the file is empty; expected the header '{string.Join(",", header)}'.");
        if (lines[0].Trim() != string.Join(",", header))
            throw new InvalidDataException($"{path}, line 1: wrong header '{Short(lines[0])}'; expected '{string.Join(",", header)}'.");
        var rows = lines.Skip(1).Where(l => l.Length > 0).Count();
        if (rows != Nb201SearchSpace.Count)
            throw new InvalidDataException($"{path}: {rows} data rows; expected {Nb201SearchSpace.Count:N0} (one per NAS-Bench-201 cell).");
        var cells = new Nb201SearchSpace().Enumerate();
        var values = new double[Nb201SearchSpace.Count][];
        for (var i = 0; i < values.Length; i++)
        {
            var line = i + 2;
            var fields = lines[i + 1].Split(',');
            if (fields.Length != header.Length)
                throw new InvalidDataException($"{path}, line {line}: {fields.Length} fields; expected {header.Length} ({string.Join(",", header)}).");
            if (!int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index != i)
                throw new InvalidDataException($"{path}, line {line}, column index: '{Short(fields[0])}'; expected {i} (rows in index order).");
            var expected = Nb201Format.Format(cells[i]);
            if (fields[1] != expected)
                throw new InvalidDataException($"{path}, line {line}, column arch: '{Short(fields[1])}'; index {i} is '{expected}' in NasSharp's NB201 enumeration.");
            var row = new double[header.Length - 2];
            for (var c = 2; c < header.Length; c++)
            {
                if (!double.TryParse(fields[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                    throw new InvalidDataException($"{path}, line {line}, column {header[c]}: '{Short(fields[c])}' is not a finite number.");
                row[c - 2] = v;
            }
            values[i] = row;
        }
        return values;
    }

    private static string Short(string s) => s.Length <= 120 ? s : s[..120] + "...";
}
