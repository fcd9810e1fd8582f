namespace NasSharp.SearchSpaces;

/// <summary>A Petridish architecture: a normal and a reduction <see cref="PetridishCell"/> laid out as the DARTS network
/// (3C stem, reductions at 1/3 and 2/3 of the cells; the width C and the cell count are the trial's).</summary>
/// <param name="Normal">The cell that keeps resolution.</param>
/// <param name="Reduce">The cell that halves resolution (ops on the two cell inputs at stride 2).</param>
public sealed record PetridishGenotype(PetridishCell Normal, PetridishCell Reduce) : Architecture
{
    /// <inheritdoc />
    public override string Space => PetridishSearchSpace.SpaceName;

    /// <summary>Added nodes over both cells (how many Petridish steps made it from its seed).</summary>
    public int AddedNodes => Normal.Nodes.Count(n => n.Added) + Reduce.Nodes.Count(n => n.Added);
}
