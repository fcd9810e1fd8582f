namespace NasSharp.Training;

using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// A training checkpoint in one file: model weights, optimiser state, completed epochs and the torch RNG state.
/// Written to a temporary file, flushed to disk and renamed over the old one, so a kill at any moment leaves
/// either the previous checkpoint or the new one, never a broken file. Tensors are written device-independently and
/// loaded onto the device the model and optimiser are on (like PyTorch's <c>map_location</c>), so a checkpoint written
/// on a GPU resumes on a CPU and the other way round.
/// </summary>
public static class Checkpoint
{
    private const string Magic = "NASSHARP-CKPT-1";

    /// <summary>Saves a checkpoint atomically to <paramref name="path"/>.</summary>
    public static void Save(string path, nn.Module model, optim.Optimizer optimizer, int epochsDone) =>
        Save(path, [model], [optimizer], epochsDone);

    /// <summary>Saves several modules and optimisers (a supernet and its controller, say) as one checkpoint, atomically:
    /// the header, then each module, then each optimiser, in the order given (one of each is <see cref="Save(string, nn.Module, optim.Optimizer, int)"/>'s format).</summary>
    public static void Save(string path, IReadOnlyList<nn.Module> modules, IReadOnlyList<optim.Optimizer> optimizers, int epochsDone)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = path + ".tmp";
        using (var rng = torch.get_rng_state())
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        using (var w = new BinaryWriter(fs, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            var header = new Dictionary<string, object> { ["epochs_done"] = epochsDone, ["rng_state"] = Convert.ToBase64String(rng.data<byte>().ToArray()) };
            w.Write(JsonSerializer.Serialize(header));
            foreach (var model in modules) model.save(w);
            foreach (var optimizer in optimizers) ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(w);
            w.Flush();
            fs.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads only the number of completed epochs of a checkpoint.</summary>
    public static int ReadEpochsDone(string path)
    {
        try
        {
            using var fs = File.OpenRead(path);
            using var r = new BinaryReader(fs, Encoding.UTF8);
            if (r.ReadString() != Magic) throw new InvalidDataException($"'{path}' is not a NasSharp checkpoint (expected header '{Magic}').");
            using var header = JsonDocument.Parse(r.ReadString());
            return header.RootElement.GetProperty("epochs_done").GetInt32();
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or KeyNotFoundException)
        {
            throw new InvalidDataException($"Checkpoint '{path}' is damaged: {e.Message}", e);
        }
    }

    /// <summary>Loads a checkpoint into <paramref name="model"/> and <paramref name="optimizer"/>, restores the RNG
    /// state, and returns the number of completed epochs.</summary>
    /// <exception cref="InvalidDataException">The file is not a NasSharp checkpoint or is damaged.</exception>
    public static int Load(string path, nn.Module model, optim.Optimizer optimizer) => Load(path, [model], [optimizer]);

    /// <summary>Loads a checkpoint written by <see cref="Save(string, IReadOnlyList{nn.Module}, IReadOnlyList{optim.Optimizer}, int)"/>
    /// into the same modules and optimisers, restores the RNG state, and returns the number of completed epochs.</summary>
    /// <exception cref="InvalidDataException">The file is not a NasSharp checkpoint, is damaged, or was written for other modules.</exception>
    public static int Load(string path, IReadOnlyList<nn.Module> modules, IReadOnlyList<optim.Optimizer> optimizers)
    {
        try
        {
            using var fs = File.OpenRead(path);
            using var r = new BinaryReader(fs, Encoding.UTF8);
            if (r.ReadString() != Magic) throw new InvalidDataException($"'{path}' is not a NasSharp checkpoint (expected header '{Magic}').");
            using var header = JsonDocument.Parse(r.ReadString());
            var epochs = header.RootElement.GetProperty("epochs_done").GetInt32();
            var rng = Convert.FromBase64String(header.RootElement.GetProperty("rng_state").GetString()!);
            foreach (var model in modules) model.load(r);
            foreach (var optimizer in optimizers)
            {
                ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(r);
                MoveStateToParameters(optimizer);
            }
            using var state = torch.tensor(rng, dtype: ScalarType.Byte);
            torch.set_rng_state(state);
            return epochs;
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or FormatException or KeyNotFoundException or ArgumentException)
        {
            throw new InvalidDataException($"Checkpoint '{path}' is damaged or was written for a different model: {e.Message}", e);
        }
    }

    // TorchSharp builds a loaded momentum buffer (SGD) or moment estimates (Adam) on the CPU (and State.to(device) does not
    // keep the moved copy), so a GPU run would step with CPU buffers: put each on its parameter's device. Nothing moves on a CPU run.
    private static void MoveStateToParameters(optim.Optimizer optimizer)
    {
        var parameters = optimizer.ParamGroups.Cast<TorchSharp.Modules.ParamGroup>().SelectMany(g => g.Parameters).ToArray();
        if (parameters.All(p => p.device_type == DeviceType.CPU)) return;
        var states = ((TorchSharp.Modules.OptimizerHelper)optimizer).state_dict().State;
        for (var i = 0; i < Math.Min(states.Count, parameters.Length); i++)
        {
            var device = parameters[i].device;
            switch (states[i])
            {
                case TorchSharp.Modules.SGD.State { momentum_buffer: { } buffer } sgd:
                    sgd.momentum_buffer = OnDevice(buffer, device);
                    break;
                case TorchSharp.Modules.Adam.State adam: // two-stage binary training's optimiser (Trainer, --optimizer adam)
                    if (adam.exp_avg is { } m) adam.exp_avg = OnDevice(m, device);
                    if (adam.exp_avg_sq is { } v) adam.exp_avg_sq = OnDevice(v, device);
                    if (adam.max_exp_avg_sq is { } vMax) adam.max_exp_avg_sq = OnDevice(vMax, device);
                    break;
            }
        }
    }

    private static Tensor OnDevice(Tensor t, Device device)
    {
        if (t.device_type == device.type && t.device_index == device.index) return t;
        var moved = t.to(device).DetachFromDisposeScope();
        t.Dispose();
        return moved;
    }
}
