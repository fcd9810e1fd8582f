namespace NasSharp.Strategies.Petridish;

using System.Globalization;

/// <summary>
/// Petridish's options. Defaults follow the references where they agree: ε = 0.025 (petridishnn
/// <c>--q_parent_convex_hull_eps</c>, archai <c>convex_hull_eps</c>), the top 3 (input, op) pairs kept
/// (petridishnn's script <c>--hallu_feat_sel_num=3</c>, archai <c>heapq.nlargest(3, ...)</c>), L1 0.001 on the candidate
/// weights (archai <c>l1_alphas</c>, "as per paper"). The epochs are the <c>paper</c> preset's (archai
/// <c>petridish.yaml</c>: 80 per phase).
/// </summary>
public sealed record PetridishOptions
{
    /// <summary>The seed cell: null for petridishnn's (<c>sep_conv_3x3</c> + identity of the previous cell), else any
    /// architecture text <c>--arch</c> takes (a DARTS-format cell, a published name, a Petridish genotype). Default null.</summary>
    public string? SeedArch { get; init; }

    /// <summary>Seed depths (cells), comma-separated; one seed per depth × width. Default "3,5".</summary>
    public string SeedLayers { get; init; } = "3,5";

    /// <summary>Seed widths (initial channels C), comma-separated. Default "16".</summary>
    public string SeedChannels { get; init; } = "16";

    /// <summary>Epochs of a seed's training from scratch. Default 80 (archai <c>seed_train</c>).</summary>
    public int SeedEpochs { get; init; } = 80;

    /// <summary>Epochs of a candidate search on a parent (parent and candidates trained together). Default 80 (archai <c>search</c>).</summary>
    public int CandidateEpochs { get; init; } = 80;

    /// <summary>Epochs of a finalised child's training from its parent's weights. Default 80 (archai <c>post_train</c>).</summary>
    public int ChildEpochs { get; init; } = 80;

    /// <summary>(Input, op) pairs kept per cell when finalising, by |weight|. Default 3.</summary>
    public int TopK { get; init; } = 3;

    /// <summary>L1 weight on the candidate weights. Default 0.001.</summary>
    public double L1 { get; init; } = Networks.PetridishNetwork.DefaultL1;

    /// <summary>ε of the ε-hull: a model is a possible parent when its error ≤ (1 + ε) × the hull's error at its cost.
    /// Default 0.025.</summary>
    public double Epsilon { get; init; } = 0.025;

    /// <summary>The cost axis of the hull and of parent sampling: <c>macs</c>, <c>params</c> or <c>latency</c> (measured
    /// per image at batch 1 on this machine). Default <c>macs</c>.</summary>
    public string Cost { get; init; } = "macs";

    /// <summary>Start no candidate search once the gallery holds this many trained models (seeds + children), counting
    /// the models in flight; 0: no limit. Default 0.</summary>
    public int MaxModels { get; init; }

    /// <summary>Stop growing once a model costs more than this many MACs; 0: no limit. Default 0 (archai stops at 200M).</summary>
    public long MaxMacs { get; init; }

    /// <summary>Start no candidate search after this many trials of every kind were launched; every seed still runs, and
    /// a candidate search in flight still trains its child, so the total can exceed it by those. 0: no limit. Default 0.</summary>
    public int MaxTrials { get; init; }

    /// <summary>Start no candidate search after this many minutes of search (wall time over every run of the experiment,
    /// up to its last checkpoint; a stop condition only, so the gallery's size then depends on the machine's speed); 0: no
    /// limit. Default 0.</summary>
    public double MaxMinutes { get; init; }

    /// <summary>The answer: the most accurate model with at most this many MACs; 0: no constraint. Default 0.</summary>
    public long PickMaxMacs { get; init; }

    /// <summary>The answer: the most accurate model with at most this many parameters; 0: no constraint. Default 0.</summary>
    public long PickMaxParams { get; init; }

    /// <summary>The seed depths.</summary>
    public int[] SeedLayerList() => List(SeedLayers, nameof(SeedLayers), "--seed-layers");

    /// <summary>The seed widths.</summary>
    public int[] SeedChannelList() => List(SeedChannels, nameof(SeedChannels), "--seed-channels");

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names its option.</exception>
    public void Validate()
    {
        foreach (var l in SeedLayerList()) Require(l >= 1, "--seed-layers", "depths of at least 1", l);
        foreach (var c in SeedChannelList()) Require(c >= 1, "--seed-channels", "widths of at least 1", c);
        Require(SeedEpochs >= 1, "--seed-epochs", "at least 1", SeedEpochs);
        Require(CandidateEpochs >= 1, "--candidate-epochs", "at least 1", CandidateEpochs);
        Require(ChildEpochs >= 1, "--child-epochs", "at least 1", ChildEpochs);
        Require(TopK >= 1, "--top-k", "at least 1", TopK);
        Require(L1 >= 0 && double.IsFinite(L1), "--l1", "a finite number ≥ 0", L1);
        Require(Epsilon >= 0 && double.IsFinite(Epsilon), "--epsilon", "a finite number ≥ 0", Epsilon);
        Require(Cost is "macs" or "params" or "latency", "--cost", "macs, params or latency", Cost);
        Require(MaxModels >= 0, "--max-models", "0 (no limit) or more", MaxModels);
        Require(MaxMacs >= 0, "--max-macs", "0 (no limit) or more", MaxMacs);
        Require(MaxTrials >= 0, "--max-trials", "0 (no limit) or more", MaxTrials);
        Require(MaxMinutes >= 0 && double.IsFinite(MaxMinutes), "--max-minutes", "0 (no limit) or more", MaxMinutes);
        Require(PickMaxMacs >= 0, "--pick-max-macs", "0 (no constraint) or more", PickMaxMacs);
        Require(PickMaxParams >= 0, "--pick-max-params", "0 (no constraint) or more", PickMaxParams);
        if (SeedArch is { } arch)
        {
            try
            {
                _ = PetridishSearch.SeedGenotype(arch);
            }
            catch (SearchSpaces.ArchitectureFormatException e)
            {
                throw new ArgumentException($"petridish option --seed-arch: {e.Message}", e);
            }
        }
    }

    private static int[] List(string text, string property, string option)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new ArgumentException($"petridish option {property} ({option}): expected a comma-separated list of integers, got '{text}'.");
        return parts.Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
            : throw new ArgumentException($"petridish option {property} ({option}): '{p}' is not an integer (expected e.g. \"3,5\").")).ToArray();
    }

    private static void Require(bool ok, string option, string expected, object value)
    {
        if (!ok) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"petridish option {option}: expected {expected}, got {value}."));
    }
}
