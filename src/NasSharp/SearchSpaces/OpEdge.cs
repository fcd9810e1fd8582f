namespace NasSharp.SearchSpaces;

/// <summary>One input of a cell node: the op applied and the index of the state it reads
/// (0 and 1 are the two cell inputs, 2.. are earlier nodes), as in DARTS <c>('sep_conv_3x3', 1)</c>.</summary>
/// <param name="Op">Community op name, see <see cref="OpNames"/>.</param>
/// <param name="Input">Index of the input state.</param>
public readonly record struct OpEdge(string Op, int Input);
