namespace NasSharp.Runtime;

using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Text;

/// <summary>
/// Where a loaded 64-bit ELF shared library (x86-64) keeps the address it calls an imported function through: the
/// GOT slot of the function's <c>R_X86_64_JUMP_SLOT</c> (or <c>GLOB_DAT</c>) relocation, found by reading the
/// library's file (section headers, <c>.rela.plt</c>/<c>.rela.dyn</c>, <c>.dynsym</c>, <c>.dynstr</c>) and its load
/// address from <c>/proc/self/maps</c>. Used by <see cref="MklCpuDispatch"/>; returns null wherever anything does not
/// look as expected.
/// </summary>
internal static class ElfImportSlot
{
    private const uint ShtRela = 4;
    private const uint RelJumpSlot = 7;
    private const uint RelGlobDat = 6;

    /// <summary>The loaded copy of the library whose file name is <paramref name="fileName"/>: its path and load bias
    /// (the address its virtual address 0 is mapped at), from <c>/proc/self/maps</c>; null if it is not loaded.</summary>
    public static (string Path, ulong LoadBias)? FindLoaded(string fileName)
    {
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            // start-end perms offset dev inode path
            var parts = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 6 || !parts[5].Trim().EndsWith("/" + fileName, StringComparison.Ordinal)) continue;
            if (Convert.ToUInt64(parts[2], 16) != 0) continue; // the mapping of the file's start
            var start = Convert.ToUInt64(parts[0].Split('-')[0], 16);
            var path = parts[5].Trim();
            var firstLoadVaddr = FirstLoadAddress(path);
            return firstLoadVaddr is { } vaddr ? (path, start - (vaddr & ~0xfffUL)) : null;
        }
        return null;
    }

    /// <summary>The slot's virtual address in the file (add the load bias for the address in memory), or null if the
    /// file imports no function named <paramref name="symbol"/>. The file is read through a read-only mapping that is
    /// closed before returning: nothing of it stays in the process's memory.</summary>
    public static ulong? FindSlot(string path, string symbol)
    {
        var length = new FileInfo(path).Length;
        if (length < 64) return null;
        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var file = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        if (file.ReadUInt32(0) != 0x464C457F || file.ReadByte(4) != 2 || file.ReadByte(5) != 1) return null; // \x7fELF, 64-bit, little-endian
        var sectionsAt = file.ReadInt64(0x28);
        var (size, count) = (file.ReadUInt16(0x3A), file.ReadUInt16(0x3C));
        if (size != 64 || count == 0 || sectionsAt <= 0 || sectionsAt + size * count > length) return null;
        var target = Encoding.ASCII.GetBytes(symbol);
        for (var i = 0; i < count; i++)
        {
            var section = sectionsAt + i * 64L;
            if (file.ReadUInt32(section + 4) != ShtRela) continue;
            var symbols = Section(file, sectionsAt, count, file.ReadUInt32(section + 40));
            if (symbols is null) continue;
            var strings = Section(file, sectionsAt, count, file.ReadUInt32(symbols.Value + 40));
            if (strings is null) continue;
            var (relocations, relocationsSize) = (file.ReadInt64(section + 24), file.ReadInt64(section + 32));
            var (symbolTable, symbolTableSize) = (file.ReadInt64(symbols.Value + 24), file.ReadInt64(symbols.Value + 32));
            var (stringTable, stringTableSize) = (file.ReadInt64(strings.Value + 24), file.ReadInt64(strings.Value + 32));
            if (relocations + relocationsSize > length || symbolTable + symbolTableSize > length || stringTable + stringTableSize > length) return null;
            for (var r = relocations; r + 24 <= relocations + relocationsSize; r += 24)
            {
                var info = file.ReadUInt64(r + 8);
                if ((uint)info is not (RelJumpSlot or RelGlobDat)) continue;
                var entry = (long)(info >> 32) * 24;
                if (entry + 24 > symbolTableSize) return null;
                var name = file.ReadUInt32(symbolTable + entry);
                if (name + target.Length < stringTableSize && NameIs(file, stringTable + name, target))
                    return file.ReadUInt64(r);
            }
        }
        return null;
    }

    private static long? Section(MemoryMappedViewAccessor file, long sectionsAt, int count, uint index) =>
        index > 0 && index < count ? sectionsAt + index * 64L : null;

    private static bool NameIs(MemoryMappedViewAccessor file, long at, byte[] name)
    {
        for (var i = 0; i < name.Length; i++)
            if (file.ReadByte(at + i) != name[i]) return false;
        return file.ReadByte(at + name.Length) == 0;
    }

    private static ulong? FirstLoadAddress(string path)
    {
        using var file = File.OpenRead(path);
        var header = Read(file, 0, 64);
        var (at, size, count) = ((long)U64(header, 0x20), U16(header, 0x36), U16(header, 0x38));
        if (size != 56) return null;
        var table = Read(file, at, size * count);
        for (var i = 0; i < count; i++)
            if (BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(i * 56)) == 1 && U64(table, i * 56 + 8) == 0) // PT_LOAD at file offset 0
                return U64(table, i * 56 + 16);
        return null;
    }

    private static ulong U64(byte[] bytes, int at) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));

    private static int U16(byte[] bytes, int at) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at));

    private static byte[] Read(FileStream file, long at, int count)
    {
        var bytes = new byte[count];
        file.Position = at;
        file.ReadExactly(bytes);
        return bytes;
    }
}
