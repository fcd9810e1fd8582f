namespace NasSharp.SearchSpaces;

/// <summary>A DARTS/NASNet-style genotype: a normal cell and a reduction cell
/// (DARTS <c>cnn/genotypes.py</c> <c>Genotype(normal, normal_concat, reduce, reduce_concat)</c>).</summary>
/// <param name="Normal">The cell that keeps resolution.</param>
/// <param name="Reduce">The cell that halves resolution (its ops on the two cell inputs run at stride 2).</param>
public sealed record CellGenotype(Cell Normal, Cell Reduce) : Architecture
{
    /// <inheritdoc />
    public override string Space => "darts";
}
