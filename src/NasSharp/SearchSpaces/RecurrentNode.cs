namespace NasSharp.SearchSpaces;

/// <summary>
/// One node of an ENAS recurrent cell: it reads one earlier node (or, for node 0, the cell inputs
/// <c>x_t</c> and <c>h_{t-1}</c>) and applies an activation inside a highway connection.
/// </summary>
/// <param name="Input">Index of the node read; <see cref="CellInput"/> (-1) for node 0, which reads the cell
/// inputs.</param>
/// <param name="Activation">Activation name, see <see cref="ActivationNames"/>.</param>
public readonly record struct RecurrentNode(int Input, string Activation)
{
    /// <summary>The <see cref="Input"/> value of node 0: it reads <c>x_t</c> and <c>h_{t-1}</c>.</summary>
    public const int CellInput = -1;
}
