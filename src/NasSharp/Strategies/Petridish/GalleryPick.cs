namespace NasSharp.Strategies.Petridish;

using NasSharp.Experiments;

/// <summary>The model a user's constraint picks from a gallery: the lowest validation error among the models within
/// the MACs and parameter limits (ties: fewer MACs); when none is within them, null.</summary>
public static class GalleryPick
{
    /// <summary>The pick among <paramref name="rows"/>; a limit of 0 is no limit.</summary>
    public static GalleryRow? Choose(IEnumerable<GalleryRow> rows, long maxMacs = 0, long maxParams = 0)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Where(r => (maxMacs == 0 || r.Macs <= maxMacs) && (maxParams == 0 || r.Parameters <= maxParams))
            .OrderBy(r => r.ValidError).ThenBy(r => r.Macs ?? long.MaxValue).FirstOrDefault();
    }
}
