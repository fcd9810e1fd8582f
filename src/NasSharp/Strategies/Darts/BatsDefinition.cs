namespace NasSharp.Strategies.Darts;

/// <summary>Registration of BATS (Bulat, Martinez, Tzimiropoulos; ECCV 2020): <see cref="DartsSearch"/> over the binary op
/// family with the temperature-regularised softmax (T = 0.2), the answer retrained in two binary stages. Space
/// <c>darts</c>; presets <c>paper</c> and <c>cpu-small</c>.</summary>
public sealed class BatsDefinition : DartsDefinition
{
    /// <inheritdoc />
    public override string Name => "bats";

    /// <inheritdoc />
    public override string Summary => "BATS (Bulat et al. 2020): DARTS over binary blocks with softmax(α/T), T=0.2; two-stage binary retrain";

    /// <inheritdoc />
    public override IReadOnlyList<string> Spaces { get; } = ["darts"];

    /// <inheritdoc />
    protected override string UnsupportedSpaceReason => " (BATS's binary blocks are DARTS-cell ops)";

    /// <inheritdoc />
    public override IReadOnlyList<string> PresetSummaries { get; } =
    [
        "DARTS's search loop over BATS's binary blocks (groups 12, C=24), T=0.2; the answer retrained fully binary in two stages " +
        "(C=36, 20 cells, 250 + 250 epochs, Adam 1e-3)",
        "a real search on 2 CPU cores in about 15 minutes: C=12 in 4 groups, 5 cells, 4 epochs of 60 steps at batch 32, T=0.2, α lr 3e-3; " +
        "a 3 + 3-epoch two-stage binary retrain on 10,000 images",
    ];

    /// <inheritdoc />
    public override IReadOnlyList<StrategyOption> CliOptions { get; } =
    [
        .. new DartsDefinition().CliOptions,
        new("--binary-groups", nameof(DartsOptions.BinaryGroups), "groups of the binary blocks' convolutions (BATS: 12; must divide C, 2C, 4C)"),
    ];
}
