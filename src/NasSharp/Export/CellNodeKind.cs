namespace NasSharp.Export;

/// <summary>Role of a node in a <see cref="CellGraph"/>; decides its colour when drawn.</summary>
public enum CellNodeKind
{
    /// <summary>A cell input (DARTS <c>c_{k-2}</c>, <c>c_{k-1}</c>; NAS-Bench-201 node 0).</summary>
    Input,

    /// <summary>An intermediate node computed inside the cell.</summary>
    Intermediate,

    /// <summary>The cell output (DARTS <c>c_{k}</c>; NAS-Bench-201 node 3).</summary>
    Output,
}
