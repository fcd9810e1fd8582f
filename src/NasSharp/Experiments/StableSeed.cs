namespace NasSharp.Experiments;

using System.Security.Cryptography;
using System.Text;

/// <summary>Derives independent, reproducible seeds from a root seed and a stream name (string.GetHashCode is
/// randomised per process in .NET, so it cannot be used for this).</summary>
public static class StableSeed
{
    /// <summary>A non-negative 31-bit seed for stream <paramref name="stream"/> under <paramref name="root"/>.</summary>
    public static int Derive(int root, string stream)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{root}/{stream}"), hash);
        return BitConverter.ToInt32(hash) & int.MaxValue;
    }
}
