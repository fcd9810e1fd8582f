using System.Text;
using System.Text.Json;

namespace NasSharp.SearchSpaces;

/// <summary>
/// Versioned JSON for every genotype type: <c>{"format":"nassharp-architecture","version":1,"space":"darts", ...}</c>.
/// Per space: <c>darts</c> → <c>normal</c>/<c>reduce</c> objects with <c>edges</c> (<c>[{"op","input"}]</c>) and
/// <c>concat</c>; <c>nb201</c> → <c>ops</c> (six names) and <c>arch</c> (the benchmark string, informative);
/// <c>enas-macro</c> → <c>layers</c> (<c>[{"op","skips"}]</c>); <c>enas-rnn</c> → <c>nodes</c>
/// (<c>[{"input","activation"}]</c>, node 0's input is -1).
/// </summary>
public static class ArchitectureJson
{
    /// <summary>The value of the <c>format</c> property.</summary>
    public const string FormatName = "nassharp-architecture";

    /// <summary>The version this library writes and reads.</summary>
    public const int Version = 1;

    /// <summary>The spaces this format knows.</summary>
    public static IReadOnlyList<string> Spaces { get; } = ["darts", "nb201", "enas-macro", "enas-rnn", "petridish"];

    /// <summary>Writes an architecture as JSON.</summary>
    /// <param name="architecture">A <see cref="CellGenotype"/>, <see cref="Nb201Genotype"/>,
    /// <see cref="EnasMacroGenotype"/> or <see cref="RecurrentGenotype"/>.</param>
    /// <param name="indented">Indent the output (default true).</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentException">The architecture type is not one of the above.</exception>
    public static string Serialize(Architecture architecture, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteString("format", FormatName);
            w.WriteNumber("version", Version);
            w.WriteString("space", architecture.Space);
            switch (architecture)
            {
                case CellGenotype g:
                    WriteCell(w, "normal", g.Normal);
                    WriteCell(w, "reduce", g.Reduce);
                    break;
                case Nb201Genotype g:
                    w.WriteStartArray("ops");
                    foreach (var op in g.Ops) w.WriteStringValue(op);
                    w.WriteEndArray();
                    if (g.Ops.Count == 6) w.WriteString("arch", Nb201Format.Format(g));
                    break;
                case EnasMacroGenotype g:
                    w.WriteStartArray("layers");
                    foreach (var l in g.Layers)
                    {
                        w.WriteStartObject();
                        w.WriteString("op", l.Op);
                        w.WriteStartArray("skips");
                        foreach (var s in l.Skips) w.WriteNumberValue(s);
                        w.WriteEndArray();
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    break;
                case PetridishGenotype g:
                    WritePetridishCell(w, "normal", g.Normal);
                    WritePetridishCell(w, "reduce", g.Reduce);
                    break;
                case RecurrentGenotype g:
                    w.WriteStartArray("nodes");
                    foreach (var n in g.Nodes)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("input", n.Input);
                        w.WriteString("activation", n.Activation);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    break;
                default:
                    throw new ArgumentException(
                        $"no JSON layout for {architecture.GetType().Name} (space '{architecture.Space}')",
                        nameof(architecture));
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads an architecture from JSON and validates it.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The architecture, of the type its <c>space</c> names.</returns>
    /// <exception cref="ArchitectureFormatException">Not JSON, wrong format or version, unknown space, or a missing or
    /// invalid member; the message names the JSON path.</exception>
    public static Architecture Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions
            {
                AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip,
            });
        }
        catch (JsonException ex)
        {
            throw new ArchitectureFormatException($"JSON: not valid JSON ({ex.Message})", ex);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ArchitectureFormatException($"JSON: expected an object at the root, got {root.ValueKind}");
            var format = GetString(root, "format", "$");
            if (format != FormatName)
                throw new ArchitectureFormatException($"JSON $.format: expected '{FormatName}', got '{format}'");
            var version = GetInt(root, "version", "$");
            if (version != Version)
                throw new ArchitectureFormatException("JSON $.version", $"unsupported version {version}", "versions",
                    [Version.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            var space = GetString(root, "space", "$");
            switch (space)
            {
                case "darts":
                {
                    var g = new CellGenotype(ReadCell(root, "normal"), ReadCell(root, "reduce"));
                    GenotypeValidation.ValidateCellGenotype(g, OpNames.All);
                    return g;
                }
                case "nb201":
                {
                    var ops = GetArray(root, "ops", "$").Select((e, i) => AsString(e, $"$.ops[{i}]")).ToArray();
                    var g = new Nb201Genotype(ops);
                    GenotypeValidation.ValidateNb201(g, OpNames.Nb201);
                    return g;
                }
                case "enas-macro":
                {
                    var layers = GetArray(root, "layers", "$").Select((e, i) =>
                    {
                        var path = $"$.layers[{i}]";
                        var skips = GetArray(e, "skips", path).Select((s, j) => AsInt(s, $"{path}.skips[{j}]"));
                        return new EnasMacroLayer(GetString(e, "op", path), skips);
                    }).ToArray();
                    var g = new EnasMacroGenotype(layers);
                    GenotypeValidation.ValidateMacro(g, OpNames.EnasMacro);
                    return g;
                }
                case "enas-rnn":
                {
                    var nodes = GetArray(root, "nodes", "$").Select((e, i) =>
                        new RecurrentNode(GetInt(e, "input", $"$.nodes[{i}]"),
                            GetString(e, "activation", $"$.nodes[{i}]"))).ToArray();
                    var g = new RecurrentGenotype(nodes);
                    GenotypeValidation.ValidateRecurrent(g, ActivationNames.Enas);
                    return g;
                }
                case PetridishSearchSpace.SpaceName:
                {
                    var g = new PetridishGenotype(ReadPetridishCell(root, "normal"), ReadPetridishCell(root, "reduce"));
                    GenotypeValidation.ValidatePetridish(g, OpNames.All);
                    return g;
                }
                default:
                    throw new ArchitectureFormatException("JSON $.space", $"unknown space '{space}'", "spaces", Spaces);
            }
        }
    }

    private static void WriteCell(Utf8JsonWriter w, string name, Cell cell)
    {
        w.WriteStartObject(name);
        w.WriteStartArray("edges");
        foreach (var e in cell.Edges)
        {
            w.WriteStartObject();
            w.WriteString("op", e.Op);
            w.WriteNumber("input", e.Input);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("concat");
        foreach (var c in cell.Concat) w.WriteNumberValue(c);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static Cell ReadCell(JsonElement root, string name)
    {
        var cell = Get(root, name, "$");
        var path = $"$.{name}";
        if (cell.ValueKind != JsonValueKind.Object)
            throw new ArchitectureFormatException($"JSON {path}: expected an object, got {cell.ValueKind}");
        var edges = GetArray(cell, "edges", path).Select((e, i) =>
            new OpEdge(GetString(e, "op", $"{path}.edges[{i}]"), GetInt(e, "input", $"{path}.edges[{i}]"))).ToArray();
        var concat = GetArray(cell, "concat", path).Select((e, i) => AsInt(e, $"{path}.concat[{i}]")).ToArray();
        return new Cell(edges, concat);
    }

    private static void WritePetridishCell(Utf8JsonWriter w, string name, PetridishCell cell)
    {
        w.WriteStartObject(name);
        w.WriteStartArray("nodes");
        foreach (var n in cell.Nodes)
        {
            w.WriteStartObject();
            w.WriteBoolean("added", n.Added);
            w.WriteStartArray("edges");
            foreach (var e in n.Edges)
            {
                w.WriteStartObject();
                w.WriteString("op", e.Op);
                w.WriteNumber("input", e.Input);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("output");
        foreach (var o in cell.Output) w.WriteNumberValue(o);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static PetridishCell ReadPetridishCell(JsonElement root, string name)
    {
        var cell = Get(root, name, "$");
        var path = $"$.{name}";
        var nodes = GetArray(cell, "nodes", path).Select((n, i) =>
        {
            var nodePath = $"{path}.nodes[{i}]";
            var added = Get(n, "added", nodePath);
            if (added.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                throw new ArchitectureFormatException($"JSON {nodePath}.added: expected true or false, got {added.ValueKind}");
            var edges = GetArray(n, "edges", nodePath).Select((e, j) =>
                new OpEdge(GetString(e, "op", $"{nodePath}.edges[{j}]"), GetInt(e, "input", $"{nodePath}.edges[{j}]"))).ToArray();
            return new PetridishNode(edges, added.GetBoolean());
        }).ToArray();
        var output = GetArray(cell, "output", path).Select((e, i) => AsInt(e, $"{path}.output[{i}]")).ToArray();
        return new PetridishCell(nodes, output);
    }

    private static JsonElement Get(JsonElement obj, string name, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object)
            throw new ArchitectureFormatException($"JSON {path}: expected an object, got {obj.ValueKind}");
        return obj.TryGetProperty(name, out var v)
            ? v
            : throw new ArchitectureFormatException($"JSON {path}: missing property '{name}'");
    }

    private static string GetString(JsonElement obj, string name, string path) =>
        AsString(Get(obj, name, path), $"{path}.{name}");

    private static int GetInt(JsonElement obj, string name, string path) => AsInt(Get(obj, name, path), $"{path}.{name}");

    private static JsonElement[] GetArray(JsonElement obj, string name, string path)
    {
        var v = Get(obj, name, path);
        return v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().ToArray()
            : throw new ArchitectureFormatException($"JSON {path}.{name}: expected an array, got {v.ValueKind}");
    }

    private static string AsString(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.String
            ? e.GetString()!
            : throw new ArchitectureFormatException($"JSON {path}: expected a string, got {e.ValueKind}");

    private static int AsInt(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v)
            ? v
            : throw new ArchitectureFormatException($"JSON {path}: expected an integer, got {e.ValueKind} {e}");
}
