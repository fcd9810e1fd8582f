namespace NasSharp.SearchSpaces;

/// <summary>
/// A bit-exact port of CPython's <c>random.Random</c> (MT19937) for the operations needed to reproduce published
/// orderings: <c>seed(int)</c>, <c>getrandbits(k)</c> for k ≤ 32, <c>_randbelow</c> and <c>shuffle</c>.
/// Used to rebuild the NAS-Bench-201 index order (<c>random.seed(88); random.shuffle(archs)</c>).
/// </summary>
internal sealed class PythonRandom
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _mti;

    /// <summary>Seeds like <c>random.seed(seed)</c> for a non-negative integer below 2^32.</summary>
    public PythonRandom(uint seed) => InitByArray([seed]);

    private void InitGenrand(uint s)
    {
        _mt[0] = s;
        for (_mti = 1; _mti < N; _mti++)
            _mt[_mti] = 1812433253u * (_mt[_mti - 1] ^ (_mt[_mti - 1] >> 30)) + (uint)_mti;
    }

    private void InitByArray(uint[] key)
    {
        InitGenrand(19650218u);
        int i = 1, j = 0;
        for (var k = Math.Max(N, key.Length); k > 0; k--)
        {
            _mt[i] = (_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j;
            i++;
            j++;
            if (i >= N) { _mt[0] = _mt[N - 1]; i = 1; }
            if (j >= key.Length) j = 0;
        }
        for (var k = N - 1; k > 0; k--)
        {
            _mt[i] = (_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1566083941u)) - (uint)i;
            i++;
            if (i >= N) { _mt[0] = _mt[N - 1]; i = 1; }
        }
        _mt[0] = 0x80000000u;
    }

    private uint NextUInt32()
    {
        if (_mti >= N)
        {
            int kk;
            uint y;
            for (kk = 0; kk < N - M; kk++)
            {
                y = (_mt[kk] & 0x80000000u) | (_mt[kk + 1] & 0x7fffffffu);
                _mt[kk] = _mt[kk + M] ^ (y >> 1) ^ ((y & 1u) * 0x9908b0dfu);
            }
            for (; kk < N - 1; kk++)
            {
                y = (_mt[kk] & 0x80000000u) | (_mt[kk + 1] & 0x7fffffffu);
                _mt[kk] = _mt[kk + (M - N)] ^ (y >> 1) ^ ((y & 1u) * 0x9908b0dfu);
            }
            y = (_mt[N - 1] & 0x80000000u) | (_mt[0] & 0x7fffffffu);
            _mt[N - 1] = _mt[M - 1] ^ (y >> 1) ^ ((y & 1u) * 0x9908b0dfu);
            _mti = 0;
        }
        var x = _mt[_mti++];
        x ^= x >> 11;
        x ^= (x << 7) & 0x9d2c5680u;
        x ^= (x << 15) & 0xefc60000u;
        x ^= x >> 18;
        return x;
    }

    /// <summary><c>getrandbits(k)</c> for 1 ≤ k ≤ 32.</summary>
    private uint GetRandBits(int k) => NextUInt32() >> (32 - k);

    /// <summary><c>_randbelow_with_getrandbits(n)</c> for n ≥ 1.</summary>
    public int RandBelow(int n)
    {
        var k = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)n);
        var r = GetRandBits(k);
        while (r >= n) r = GetRandBits(k);
        return (int)r;
    }

    /// <summary><c>shuffle(x)</c> in place.</summary>
    public void Shuffle<T>(IList<T> x)
    {
        for (var i = x.Count - 1; i > 0; i--)
        {
            var j = RandBelow(i + 1);
            (x[i], x[j]) = (x[j], x[i]);
        }
    }
}
