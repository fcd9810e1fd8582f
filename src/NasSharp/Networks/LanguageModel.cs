namespace NasSharp.Networks;

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// A word-level language model with tied input embedding and softmax weights (one tensor, <see cref="Embedding"/>), as
/// every ENAS/DARTS/AWD-LSTM recurrent model: tokens <c>[batch, time]</c> → logits <c>[batch, time, vocabulary]</c>,
/// carrying a recurrent state from window to window. Dropout applies in training mode only.
/// </summary>
public abstract class LanguageModel : nn.Module
{
#pragma warning disable IDE1006
    /// <summary>The embedding, also the softmax weights (tied).</summary>
    protected readonly Parameter w_emb;
#pragma warning restore IDE1006

    /// <summary>Creates the embedding.</summary>
    protected LanguageModel(string name, int vocabulary, int hidden, LanguageModelDropout dropout) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabulary, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentNullException.ThrowIfNull(dropout);
        dropout.Validate();
        VocabularySize = vocabulary;
        HiddenSize = hidden;
        Dropout = dropout;
        w_emb = new Parameter(empty(vocabulary, hidden));
    }

    /// <summary>Vocabulary size.</summary>
    public int VocabularySize { get; }

    /// <summary>Embedding and hidden size.</summary>
    public int HiddenSize { get; }

    /// <summary>Dropout rates used in training mode.</summary>
    public LanguageModelDropout Dropout { get; }

    /// <summary>The tied embedding / softmax matrix <c>[vocabulary, hidden]</c>.</summary>
    public Parameter Embedding => w_emb;

    /// <summary>The weights the training loss's L2 term covers; default every parameter (enas_lm <c>fixed_lib.py</c>).</summary>
    public virtual IEnumerable<Tensor> RegularisedWeights() => parameters();

    /// <summary>A zero state for <paramref name="batch"/> sequences.</summary>
    public abstract Tensor InitialState(long batch);

    /// <summary>Runs a window; <paramref name="state"/> is the state after the previous window.</summary>
    public abstract LanguageModelOutput Forward(Tensor tokens, Tensor state);

    /// <summary>Embeds with word-type dropout (<c>drop_e</c>, scaled) and per-sequence input dropout (<c>drop_i</c>).</summary>
    protected Tensor Embed(Tensor tokens)
    {
        var weights = (Tensor)w_emb;
        if (training && Dropout.Embedding > 0) weights = weights * Mask([VocabularySize, 1], Dropout.Embedding);
        var x = weights.index_select(0, tokens.reshape(-1)).view(tokens.shape[0], tokens.shape[1], HiddenSize);
        if (training && Dropout.Input > 0) x = x * Mask([tokens.shape[0], 1, HiddenSize], Dropout.Input);
        return x;
    }

    /// <summary>Tied softmax logits of hidden states, after output dropout (<c>drop_o</c>).</summary>
    protected Tensor Logits(Tensor hidden)
    {
        if (training && Dropout.Output > 0) hidden = hidden * Mask([hidden.shape[0], 1, HiddenSize], Dropout.Output);
        return hidden.matmul(w_emb.t());
    }

    /// <summary>An inverted-dropout mask: 0 with probability <paramref name="drop"/>, else 1/(1-drop) (enas_lm
    /// <c>_gen_mask</c>: <c>floor(u + keep) / keep</c>, u uniform in [0, 1)).</summary>
    protected Tensor Mask(long[] shape, double drop) =>
        rand(shape, device: w_emb.device).add_(1 - drop).floor_().div_(1 - drop);
}
