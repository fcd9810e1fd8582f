namespace NasSharp.Networks;

using static TorchSharp.torch;

/// <summary>One forward pass of a <see cref="LanguageModel"/> over a window.</summary>
/// <param name="Logits">Next-token logits <c>[batch, time, vocabulary]</c>.</param>
/// <param name="State">The recurrent state after the last step (detach it before the next window).</param>
/// <param name="Hidden">The top hidden states <c>[batch, time, hidden]</c> before output dropout (for activation
/// regularisation).</param>
public sealed record LanguageModelOutput(Tensor Logits, Tensor State, Tensor Hidden);
