namespace NasSharp.Networks;

using TorchSharp;
using static TorchSharp.torch;

/// <summary>A classifier built from an architecture: <c>forward</c> gives logits; <see cref="ForwardWithAux"/> also
/// gives the auxiliary head's logits when the network has one and is training.</summary>
public abstract class ClassificationNetwork : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the module.</summary>
    protected ClassificationNetwork(string name) : base(name) { }

    /// <summary>Drop-path probability applied to non-identity cell ops while training (DARTS: scheduled
    /// linearly from 0 to its final value over training). Default 0.</summary>
    public double DropPathProbability { get; set; }

    /// <summary>Whether <see cref="ForwardWithAux"/> can return auxiliary logits.</summary>
    public virtual bool HasAuxiliaryHead => false;

    /// <summary>A penalty the trainer adds to the loss of every training step (for example Petridish's L1 on its candidate
    /// weights), or null for none. Default null.</summary>
    public virtual Tensor? RegularizationLoss() => null;

    /// <summary>The groups of parameters whose gradient norm the trainer clips separately (each to the clipping norm);
    /// default one group, all of <paramref name="parameters"/>. Petridish puts its candidates in a group of their own, so
    /// the parent's updates are exactly those it would get alone.</summary>
    /// <param name="parameters">The parameters the optimiser updates, in their order.</param>
    public virtual IReadOnlyList<TorchSharp.Modules.Parameter[]> ClippingGroups(TorchSharp.Modules.Parameter[] parameters) => [parameters];

    /// <summary>Logits and, in training mode with an auxiliary head, the auxiliary logits (else null).</summary>
    public abstract (Tensor Logits, Tensor? AuxLogits) ForwardWithAux(Tensor x);

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        var (logits, aux) = ForwardWithAux(x);
        aux?.Dispose();
        return logits;
    }
}
