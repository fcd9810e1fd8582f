namespace NasSharp.SearchSpaces;

/// <summary>Activation names of recurrent cells (ENAS Penn Treebank cell, DARTS <c>rnn/genotypes.py</c>).</summary>
public static class ActivationNames
{
    /// <summary>Hyperbolic tangent.</summary>
    public const string Tanh = "tanh";
    /// <summary>Rectified linear unit.</summary>
    public const string Relu = "relu";
    /// <summary>No activation.</summary>
    public const string Identity = "identity";
    /// <summary>Logistic sigmoid.</summary>
    public const string Sigmoid = "sigmoid";

    /// <summary>
    /// The ENAS recurrent-cell activations in ENAS id order (melodyguan/enas <c>src/ptb/ptb_enas_child.py</c>,
    /// <c>func_idx</c> 0..3): tanh, relu, identity, sigmoid.
    /// </summary>
    public static IReadOnlyList<string> Enas { get; } = [Tanh, Relu, Identity, Sigmoid];

    /// <summary>
    /// The activations in google-research enas_lm id order (<c>child.py</c> <c>_select_function</c>, <c>func_idx</c>
    /// 0..3): tanh, relu, sigmoid, identity. The ENAS recurrent search and its weights use this order.
    /// </summary>
    public static IReadOnlyList<string> EnasLm { get; } = [Tanh, Relu, Sigmoid, Identity];
}
