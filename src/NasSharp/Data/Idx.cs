using System.Buffers.Binary;
using System.IO.Compression;
using static TorchSharp.torch;

namespace NasSharp.Data;

/// <summary>Reads and writes MNIST-style IDX files (unsigned-byte data), plain or gzipped.</summary>
internal static class Idx
{
    /// <summary>Magic number of a 3-D unsigned-byte IDX file (images).</summary>
    public const int ImagesMagic = 2051;

    /// <summary>Magic number of a 1-D unsigned-byte IDX file (labels).</summary>
    public const int LabelsMagic = 2049;

    /// <summary>Reads an images file into uint8 <c>[N, 1, rows, cols]</c>.</summary>
    public static Tensor ReadImages(string path) => ParseImages(path, ReadAll(path));

    /// <summary>Reads a labels file into a managed array.</summary>
    public static long[] ReadLabels(string path) => ParseLabels(path, ReadAll(path));

    /// <summary>Writes uint8 images <c>[N, rows, cols]</c> (given as a flat array) as an IDX file, gzipped when
    /// <paramref name="path"/> ends in <c>.gz</c>.</summary>
    public static void WriteImages(string path, byte[] pixels, int count, int rows, int cols)
    {
        if (pixels.LongLength != (long)count * rows * cols)
        {
            throw new ArgumentException($"expected {(long)count * rows * cols} pixels, got {pixels.Length}", nameof(pixels));
        }
        var header = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), cols);
        Write(path, header, pixels);
    }

    /// <summary>Writes labels as an IDX file, gzipped when <paramref name="path"/> ends in <c>.gz</c>.</summary>
    public static void WriteLabels(string path, byte[] labels)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), labels.Length);
        Write(path, header, labels);
    }

    /// <summary>Finds <c>{prefix}-{kind}-idx{dims}-ubyte</c> (or with a dot before <c>idx</c>), gzipped or plain,
    /// in <paramref name="folder"/>; <c>null</c> if absent.</summary>
    public static string? Find(string folder, string prefix, string kind, int dims)
    {
        foreach (string sep in new[] { "-", "." })
        {
            foreach (string ext in new[] { ".gz", "" })
            {
                string candidate = Path.Combine(folder, $"{prefix}-{kind}{sep}idx{dims}-ubyte{ext}");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /// <summary>The whole (decompressed) content of a file, from a file path or a stream.</summary>
    public static byte[] ReadAll(string path, Func<Stream>? open = null)
    {
        try
        {
            using Stream file = open is null ? File.OpenRead(path) : open();
            using var raw = new MemoryStream();
            file.CopyTo(raw);
            byte[] bytes = raw.ToArray();
            if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
            {
                using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var unzipped = new MemoryStream(bytes.Length * 4);
                gz.CopyTo(unzipped);
                return unzipped.ToArray();
            }
            return bytes;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"cannot read: {e.Message}", e);
        }
    }

    /// <summary>Images read through a stream opener (embedded resources); <paramref name="name"/> is used in messages.</summary>
    public static Tensor ReadImages(string name, Func<Stream> open) => ParseImages(name, ReadAll(name, open));

    /// <summary>Labels read through a stream opener.</summary>
    public static long[] ReadLabels(string name, Func<Stream> open) => ParseLabels(name, ReadAll(name, open));

    private static Tensor ParseImages(string path, byte[] data)
    {
        CheckHeader(path, data, ImagesMagic, 16, "images (3 dimensions: count, rows, cols)");
        int count = ReadInt(data, 4);
        int rows = ReadInt(data, 8);
        int cols = ReadInt(data, 12);
        if (count < 0 || rows <= 0 || cols <= 0)
        {
            throw new DataFormatException(path, $"invalid dimensions {count} x {rows} x {cols}");
        }
        CheckPayload(path, data, 16, (long)count * rows * cols, $"{count} images of {rows}x{cols}");
        return TensorBytes.FromBytes(data.AsSpan(16), count, 1, rows, cols);
    }

    private static long[] ParseLabels(string path, byte[] data)
    {
        CheckHeader(path, data, LabelsMagic, 8, "labels (1 dimension: count)");
        int count = ReadInt(data, 4);
        if (count < 0)
        {
            throw new DataFormatException(path, $"invalid label count {count}");
        }
        CheckPayload(path, data, 8, count, $"{count} labels");
        return TensorBytes.ToLongs(data.AsSpan(8));
    }

    private static void CheckHeader(string path, byte[] data, int magic, int headerBytes, string what)
    {
        if (data.Length >= 4)
        {
            int got = ReadInt(data, 0);
            if (got != magic)
            {
                throw new DataFormatException(path, $"expected IDX magic {magic} (0x{magic:X8}, {what}), got {got} (0x{got:X8})");
            }
        }
        if (data.Length < headerBytes)
        {
            throw new DataFormatException(path, $"expected an IDX header of {headerBytes} bytes ({what}), got {data.Length} bytes");
        }
    }

    private static void CheckPayload(string path, byte[] data, int headerBytes, long expected, string what)
    {
        long got = data.LongLength - headerBytes;
        if (got != expected)
        {
            string kind = got < expected ? "truncated" : "trailing data";
            throw new DataFormatException(path, $"{kind}: expected {expected} bytes after the header ({what}), got {got}");
        }
    }

    private static int ReadInt(byte[] data, int offset) => BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(offset, 4));

    private static void Write(string path, byte[] header, byte[] payload)
    {
        using Stream file = File.Create(path);
        using Stream output = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionLevel.Optimal)
            : file;
        output.Write(header);
        output.Write(payload);
    }
}
