namespace NasSharp.Networks;

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// The baseline: a multi-layer LSTM language model with tied embedding/softmax (Zaremba et al. 2014 with AWD-LSTM's
/// tying and dropouts): embedding (drop_e, drop_i) → LSTM layers of the embedding size (drop_l between them) → drop_o →
/// tied softmax. The state is <c>[2, layers, batch, hidden]</c> (h then c).
/// </summary>
public sealed class LstmLanguageModel : LanguageModel
{
    private readonly LSTM lstm;

    /// <summary>Builds the model; embedding and LSTM weights uniform in ±<paramref name="initRange"/>.</summary>
    /// <param name="vocabulary">Vocabulary size.</param>
    /// <param name="hidden">Embedding and hidden size of every layer (tied softmax needs them equal).</param>
    /// <param name="layers">LSTM layers; default 2.</param>
    /// <param name="dropout">Dropout rates; CellInput and Weight are not used.</param>
    /// <param name="initRange">Default 0.05.</param>
    public LstmLanguageModel(int vocabulary, int hidden, LanguageModelDropout dropout, int layers = 2, double initRange = 0.05)
        : base(nameof(LstmLanguageModel), vocabulary, hidden, dropout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        Layers = layers;
        lstm = nn.LSTM(hidden, hidden, numLayers: layers, batchFirst: true, dropout: layers > 1 ? dropout.Hidden : 0);
        RegisterComponents();
        using var noGrad = no_grad();
        foreach (var p in parameters()) nn.init.uniform_(p, -initRange, initRange);
    }

    /// <summary>LSTM layers.</summary>
    public int Layers { get; }

    /// <inheritdoc />
    public override Tensor InitialState(long batch) => zeros(2, Layers, batch, HiddenSize, device: w_emb.device);

    /// <inheritdoc />
    public override LanguageModelOutput Forward(Tensor tokens, Tensor state)
    {
        var x = Embed(tokens);
        var (output, h, c) = lstm.call(x, (state[0], state[1]));
        return new LanguageModelOutput(Logits(output), stack([h, c]), output);
    }
}
