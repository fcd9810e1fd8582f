namespace NasSharp.SearchSpaces;

/// <summary>
/// Architectures published by NAS papers, copied from their reference code (see each entry's
/// <see cref="PublishedArchitecture.Source"/>). Names are looked up case-insensitively.
/// </summary>
public static class PublishedArchitectures
{
    private const string DartsGenotypes = "quark0/darts cnn/genotypes.py";

    // Texts below are copied verbatim from the named sources.
    private const string NasNetText = """
        Genotype(
          normal = [
            ('sep_conv_5x5', 1),
            ('sep_conv_3x3', 0),
            ('sep_conv_5x5', 0),
            ('sep_conv_3x3', 0),
            ('avg_pool_3x3', 1),
            ('skip_connect', 0),
            ('avg_pool_3x3', 0),
            ('avg_pool_3x3', 0),
            ('sep_conv_3x3', 1),
            ('skip_connect', 1),
          ],
          normal_concat = [2, 3, 4, 5, 6],
          reduce = [
            ('sep_conv_5x5', 1),
            ('sep_conv_7x7', 0),
            ('max_pool_3x3', 1),
            ('sep_conv_7x7', 0),
            ('avg_pool_3x3', 1),
            ('sep_conv_5x5', 0),
            ('skip_connect', 3),
            ('avg_pool_3x3', 2),
            ('sep_conv_3x3', 2),
            ('max_pool_3x3', 1),
          ],
          reduce_concat = [4, 5, 6],
        )
        """;

    private const string AmoebaNetText = """
        Genotype(
          normal = [
            ('avg_pool_3x3', 0),
            ('max_pool_3x3', 1),
            ('sep_conv_3x3', 0),
            ('sep_conv_5x5', 2),
            ('sep_conv_3x3', 0),
            ('avg_pool_3x3', 3),
            ('sep_conv_3x3', 1),
            ('skip_connect', 1),
            ('skip_connect', 0),
            ('avg_pool_3x3', 1),
            ],
          normal_concat = [4, 5, 6],
          reduce = [
            ('avg_pool_3x3', 0),
            ('sep_conv_3x3', 1),
            ('max_pool_3x3', 0),
            ('sep_conv_7x7', 2),
            ('sep_conv_7x7', 0),
            ('avg_pool_3x3', 1),
            ('max_pool_3x3', 0),
            ('max_pool_3x3', 1),
            ('conv_7x1_1x7', 0),
            ('sep_conv_3x3', 5),
          ],
          reduce_concat = [3, 4, 6]
        )
        """;

    private const string DartsV1Text =
        "Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=[2, 3, 4, 5])";

    private const string DartsV2Text =
        "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])";

    private const string PdartsText =
        "Genotype(normal=[('skip_connect', 0), ('dil_conv_3x3', 1), ('skip_connect', 0),('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('sep_conv_3x3', 3), ('sep_conv_3x3',0), ('dil_conv_5x5', 4)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('sep_conv_5x5', 1), ('sep_conv_3x3', 0), ('dil_conv_5x5', 2), ('max_pool_3x3', 0), ('dil_conv_3x3', 1), ('dil_conv_3x3', 1), ('dil_conv_5x5', 3)], reduce_concat=range(2, 6))";

    // melodyguan/enas scripts/cifar10_micro_final.sh: the two fixed_arc lines (normal cell, then reduction cell).
    private const string EnasMicroText =
        "0 2 0 0 0 4 0 1 0 4 1 1 1 0 0 1 0 2 1 1 1 0 1 0 0 3 0 2 1 1 3 1 1 0 0 4 0 3 1 1";

    // melodyguan/enas scripts/cifar10_macro_final.sh: fixed_arc, 24 layers (one line per layer there).
    private const string EnasMacroText = """
        0
        3 0
        0 1 0
        2 0 0 1
        2 0 0 0 0
        3 1 1 0 1 0
        2 0 0 0 0 0 1
        2 0 1 1 0 1 1 1
        1 0 1 1 1 0 1 0 1
        0 0 0 0 0 0 0 0 0 0
        2 0 0 0 0 0 1 0 0 0 0
        0 1 0 0 1 1 0 0 0 0 1 1
        2 0 1 0 0 0 0 0 1 0 1 1 0
        1 0 0 1 0 0 0 1 1 1 0 1 0 1
        0 1 1 0 1 0 1 0 0 0 0 0 1 0 0
        2 0 0 1 0 0 0 0 0 0 0 1 0 1 0 1
        2 0 1 0 0 0 1 0 0 1 1 1 1 0 0 1 0
        2 0 0 0 0 1 0 1 0 1 0 0 1 0 1 0 0 1
        3 0 1 1 0 1 0 0 0 0 0 1 0 1 0 1 0 0 0
        3 0 1 1 0 0 0 0 0 0 0 0 0 1 1 0 0 0 0 1
        0 1 0 0 1 0 1 1 0 0 0 1 0 0 0 0 0 1 1 0 0
        3 0 1 0 1 1 0 0 1 0 1 1 0 1 1 0 1 0 0 1 0 0
        0 1 0 1 0 1 0 0 0 0 0 0 0 0 1 0 1 0 0 1 0 0 0
        0 1 1 0 0 0 1 1 1 0 1 0 0 0 1 0 1 0 0 1 1 0 0 0
        """;

    // melodyguan/enas scripts/ptb_final.sh: fixed_arc (12 nodes).
    private const string EnasPtbText = "0 0 0 1 1 2 1 2 0 2 0 5 1 1 0 6 1 8 1 8 1 8 1";

    // google-research enas_lm README / fixed.py --fixed_arc: the ENAS PTB cell in enas_lm's form (8 nodes after node 0).
    private const string EnasLmText = "0 2 1 0 2 1 2 2 4 0 5 0 3 2 6 2";
    private const string DartsRnnV1Text =
        "Genotype(recurrent=[('relu', 0), ('relu', 1), ('tanh', 2), ('relu', 3), ('relu', 4), ('identity', 1), ('relu', 5), ('relu', 1)], concat=range(1, 9))";
    private const string DartsRnnV2Text =
        "Genotype(recurrent=[('sigmoid', 0), ('relu', 1), ('relu', 1), ('identity', 1), ('tanh', 2), ('sigmoid', 5), ('tanh', 3), ('relu', 5)], concat=range(1, 9))";
    private const string Nb201BestText =
        "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|";

    private const string Nb201ResNetText =
        "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|";

    private static readonly Lazy<PublishedArchitecture[]> Table = new(Build);

    /// <summary>Every entry, in listing order.</summary>
    public static IReadOnlyList<PublishedArchitecture> All => Table.Value;

    /// <summary>The names of every entry, in listing order.</summary>
    public static IReadOnlyList<string> Names => Table.Value.Select(e => e.Name).ToArray();

    /// <summary>Finds an entry by name (case-insensitive).</summary>
    /// <param name="name">The name, for example <c>darts_v2</c>.</param>
    /// <param name="entry">The entry, or null when there is none.</param>
    /// <returns>True when found.</returns>
    public static bool TryFind(string name, out PublishedArchitecture? entry)
    {
        entry = Table.Value.FirstOrDefault(e => string.Equals(e.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        return entry is not null;
    }

    /// <summary>Gets an architecture by name (case-insensitive).</summary>
    /// <param name="name">The name, for example <c>DARTS_V2</c>.</param>
    /// <returns>The architecture.</returns>
    /// <exception cref="KeyNotFoundException">No such name; the message lists the known names.</exception>
    public static Architecture Get(string name) =>
        TryFind(name, out var e)
            ? e!.Architecture
            : throw new KeyNotFoundException(
                $"no published architecture '{name}'; known: {string.Join(", ", Names)}");

    private static PublishedArchitecture[] Build() =>
    [
        Darts("NASNet", "NASNet-A cell (Zoph et al. 2018), 5 nodes, as transcribed by DARTS", NasNetText),
        Darts("AmoebaNet", "AmoebaNet-A cell (Real et al. 2019), 5 nodes, as transcribed by DARTS", AmoebaNetText),
        Darts("DARTS_V1", "DARTS first-order search result on CIFAR-10 (Liu et al. 2019)", DartsV1Text),
        Darts("DARTS_V2", "DARTS second-order search result on CIFAR-10 (Liu et al. 2019), 2.76% test error",
            DartsV2Text),
        Darts("DARTS", "alias of DARTS_V2 (DARTS = DARTS_V2 in genotypes.py)", DartsV2Text),
        new("PDARTS", "P-DARTS CIFAR-10 cell (Chen et al. 2019)", "chenxin061/pdarts genotypes.py PDARTS",
            PdartsText, DartsFormat.Parse(PdartsText)),
        new("ENAS", "ENAS micro-space final CIFAR-10 cell (Pham et al. 2018), 5 nodes, from its fixed_arc",
            "melodyguan/enas scripts/cifar10_micro_final.sh fixed_arc", EnasMicroText,
            EnasFixedArc.ParseMicro(EnasMicroText)),
        new("ENAS_MACRO", "ENAS macro-space final CIFAR-10 network (Pham et al. 2018), 24 layers, 4 op branches",
            "melodyguan/enas scripts/cifar10_macro_final.sh fixed_arc", EnasMacroText,
            EnasFixedArc.ParseMacro(EnasMacroText)),
        new("ENAS_PTB", "ENAS recurrent cell for Penn Treebank (Pham et al. 2018), 12 nodes",
            "melodyguan/enas scripts/ptb_final.sh fixed_arc", EnasPtbText, EnasFixedArc.ParseRecurrent(EnasPtbText)),
        new("ENAS_LM", "ENAS Penn Treebank cell as google-research enas_lm trains it (8 nodes after the highway node, mean of all nodes)",
            "google-research enas_lm fixed_arc", EnasLmText, EnasFixedArc.ParseRecurrentLm(EnasLmText)),
        new("DARTS_RNN_V1", "DARTS first-order recurrent cell for Penn Treebank (Liu et al. 2019)",
            "quark0/darts rnn/genotypes.py DARTS_V1", DartsRnnV1Text, DartsRecurrentFormat.Parse(DartsRnnV1Text)),
        new("DARTS_RNN_V2", "DARTS second-order recurrent cell for Penn Treebank (Liu et al. 2019), 55.7 test perplexity",
            "quark0/darts rnn/genotypes.py DARTS_V2", DartsRnnV2Text, DartsRecurrentFormat.Parse(DartsRnnV2Text)),
        new("NB201_BEST", "best NAS-Bench-201 cell on CIFAR-10 (index 6111, 94.37% test)",
            "NAS-Bench-201 (Dong & Yang 2020), shared/data/nas-bench-201/README.md", Nb201BestText,
            Nb201Format.Parse(Nb201BestText)),
        new("NB201_RESNET", "the ResNet-like NAS-Bench-201 cell (two stacked 3x3 convs plus a skip)",
            "NAS-Bench-201 (Dong & Yang 2020) ResNet cell", Nb201ResNetText, Nb201Format.Parse(Nb201ResNetText)),
    ];

    private static PublishedArchitecture Darts(string name, string description, string text) =>
        new(name, description, $"{DartsGenotypes} {(name == "DARTS" ? "DARTS (= DARTS_V2)" : name)}", text,
            DartsFormat.Parse(text));
}
