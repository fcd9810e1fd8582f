namespace NasSharp.Experiments;

/// <summary>An experiment's definition; written out in full as <c>config.json</c>.</summary>
public sealed record ExperimentConfig
{
    /// <summary>Name; default: the folder's name.</summary>
    public string? Name { get; init; }
    /// <summary>Strategy (see <c>StrategyCatalog.Names</c>). Default <c>random</c>.</summary>
    public string Strategy { get; init; } = "random";
    /// <summary>Search space (see <c>SearchSpaceCatalog.Names</c>). Default <c>nb201</c>.</summary>
    public string Space { get; init; } = "nb201";
    /// <summary>Root seed of every random stream. Default 0.</summary>
    public int Seed { get; init; }
    /// <summary>Trials to run (trial-based strategies). Default 10.</summary>
    public int Trials { get; init; } = 10;
    /// <summary>Concurrent trials in this process. Default 1 (reproducible on CPU).</summary>
    public int Workers { get; init; } = 1;
    /// <summary>How each trial is trained.</summary>
    public TrialBudget Budget { get; init; } = new();
    /// <summary>ENAS settings (strategy <c>enas</c>); null: the <c>paper</c> preset for the space.</summary>
    public Strategies.Enas.EnasOptions? Enas { get; init; }
}
