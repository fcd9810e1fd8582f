namespace NasSharp.Training;

using System.Text.Json;
using System.Text.Json.Serialization;

/// <summary>The files of a trained-model folder written by <see cref="TrainJob"/> and read by <c>nas eval</c>.</summary>
public static class ModelFolder
{
    /// <summary>The architecture, as versioned JSON.</summary>
    public const string ArchitectureFile = "architecture.json";
    /// <summary>The resolved run configuration.</summary>
    public const string ConfigFile = "config.json";
    /// <summary>The training checkpoint (model + optimiser + epoch + RNG), used to resume.</summary>
    public const string CheckpointFile = "checkpoint.bin";
    /// <summary>Stage 1's checkpoint of a binary (two-stage) run.</summary>
    public const string Stage1CheckpointFile = "checkpoint-stage1.bin";
    /// <summary>Stage 2's checkpoint of a binary (two-stage) run.</summary>
    public const string Stage2CheckpointFile = "checkpoint-stage2.bin";
    /// <summary>Final model weights (TorchSharp format).</summary>
    public const string WeightsFile = "model.bin";
    /// <summary>One JSON object per epoch.</summary>
    public const string MetricsFile = "metrics.jsonl";
    /// <summary>The final result.</summary>
    public const string ResultFile = "result.json";
    /// <summary>Per-channel mean/std used in training (evaluation must use the same).</summary>
    public const string NormalizationFile = "normalization.json";

    /// <summary>Reads the normalisation a model was trained with.</summary>
    public static Data.Normalization ReadNormalization(string folder)
    {
        var path = Path.Combine(folder, NormalizationFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"'{folder}' has no {NormalizationFile}; was it written by `nas train`?", path);
        try
        {
            return JsonSerializer.Deserialize<Data.Normalization>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid normalisation file: {e.Message}", e);
        }
    }

    /// <summary>JSON options used for every file of the folder (snake_case, indented).</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> via a temporary file and a rename.</summary>
    public static void WriteAtomically(string path, string text)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads the run configuration of a model folder, with a clear error when it is missing or broken.</summary>
    public static TrainJobConfig ReadConfig(string folder)
    {
        var path = Path.Combine(folder, ConfigFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"'{folder}' is not a NasSharp model folder: {ConfigFile} is missing.", path);
        try
        {
            return JsonSerializer.Deserialize<TrainJobConfig>(File.ReadAllText(path), Json)
                   ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid model configuration: {e.Message}", e);
        }
    }
}
