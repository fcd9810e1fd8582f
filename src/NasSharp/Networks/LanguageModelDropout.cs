namespace NasSharp.Networks;

/// <summary>
/// Dropout rates (probabilities of dropping, not keeping) of a word-level language model, named as enas_lm
/// (<c>child.py</c>, <c>fixed_lib.py</c>) after AWD-LSTM. Each mask is drawn once per window and shared across time steps.
/// </summary>
/// <param name="Embedding"><c>drop_e</c>: whole rows of the embedding matrix (word types).</param>
/// <param name="Input"><c>drop_i</c>: the embedded inputs, one mask per sequence and unit.</param>
/// <param name="CellInput"><c>drop_x</c>: the cell input x_t where it enters the first (highway) node.</param>
/// <param name="Hidden"><c>drop_l</c>: every node's input state (h_{t-1} at node 0, the chosen node elsewhere); the LSTM:
/// between its layers.</param>
/// <param name="Output"><c>drop_o</c>: the cell output before the softmax.</param>
/// <param name="Weight"><c>drop_w</c>: DropConnect on the recurrent weights (the h-part of <c>w_prev</c> and every node's
/// weights); 0 in both enas_lm recipes.</param>
public sealed record LanguageModelDropout(double Embedding, double Input, double CellInput, double Hidden, double Output, double Weight)
{
    /// <summary>No dropout (evaluation).</summary>
    public static LanguageModelDropout None { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>enas_lm <c>child.py</c> (the search): e 0.10, i 0.20, x 0.75, l 0.25, o 0.75, w 0.</summary>
    public static LanguageModelDropout EnasSearch { get; } = new(0.10, 0.20, 0.75, 0.25, 0.75, 0.0);

    /// <summary>enas_lm <c>fixed_lib.py</c> (the fixed-arc retraining): e 0.125, i 0.175, x 0.725, l 0.225, o 0.75, w 0.</summary>
    public static LanguageModelDropout EnasFixed { get; } = new(0.125, 0.175, 0.725, 0.225, 0.75, 0.0);

    /// <summary>Throws when a rate is outside [0, 1).</summary>
    public void Validate()
    {
        foreach (var (name, v) in new[] { ("embedding (drop_e)", Embedding), ("input (drop_i)", Input), ("cell input (drop_x)", CellInput),
                     ("hidden (drop_l)", Hidden), ("output (drop_o)", Output), ("weight (drop_w)", Weight) })
            if (!(v >= 0 && v < 1)) throw new ArgumentOutOfRangeException(name, v, $"the {name} dropout rate must be in [0, 1)");
    }
}
