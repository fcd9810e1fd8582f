namespace NasSharp.Ops;

using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// The op family a DARTS-style cell network is made of: the candidate ops, the cell-input preprocessing and the stem.
/// <see cref="Real"/> is DARTS's (<c>cnn/operations.py</c>, <c>model.py</c>); <c>Binary.BinaryCellOps</c> is
/// BATS's binary family (1adrianb/binary-networks-pytorch <c>bnn/models/layers/bats_ops.py</c>). The fixed network
/// (<c>Networks.DartsNetwork</c>) and the DARTS/BATS supernet (<c>Networks.DartsSupernet</c>) are built from one.
/// </summary>
public abstract class CellOps
{
    /// <summary>DARTS's real-valued ops.</summary>
    public static CellOps Real { get; } = new RealCellOps();

    /// <summary>Short name for messages and configs: <c>real</c> or <c>binary</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Candidate op <paramref name="op"/> of a fixed cell (<paramref name="affine"/> BatchNorm).</summary>
    public abstract nn.Module<Tensor, Tensor> Create(string op, int channels, int stride, bool affine);

    /// <summary>Candidate op <paramref name="op"/> inside a supernet's mixed op (BatchNorm not affine). Default: as
    /// <see cref="Create"/> with <c>affine = false</c>.</summary>
    public virtual nn.Module<Tensor, Tensor> CreateMixed(string op, int channels, int stride) => Create(op, channels, stride, affine: false);

    /// <summary>Preprocessing of a cell input to <paramref name="cOut"/> channels at the same resolution.</summary>
    public abstract nn.Module<Tensor, Tensor> Preprocess(int cIn, int cOut, bool affine);

    /// <summary>Preprocessing of the input k-2 when the previous cell reduced: halves the resolution.</summary>
    public abstract nn.Module<Tensor, Tensor> PreprocessReduce(int cIn, int cOut, bool affine);

    /// <summary>The stem: image channels to <paramref name="cOut"/> channels, stride 1.</summary>
    public abstract nn.Module<Tensor, Tensor> Stem(int inputChannels, int cOut);

    /// <summary>Whether the op is the parameter-free identity at this stride (drop-path skips it, as in DARTS).</summary>
    public virtual bool IsIdentity(string op, int stride) => OpRegistry.IsIdentity(op, stride);

    /// <summary>Whether a fixed network of this family runs its evaluation passes in channels-last layout when
    /// <c>Networks.InferenceLayout.ChannelsLast</c> is on. Default true; BATS's binary family says false: there the
    /// DARTS_V2 cell (C=24, 5 cells, 3x32x32) went from 6.50 to 6.41 ms at batch 1 (11.7 to 10.1 in another run) but
    /// from 196 to 227 ms at batch 64
    /// (<c>bench/channels-last-inference.cs binary</c>).</summary>
    public virtual bool ChannelsLastInference => true;

    /// <summary>Throws <see cref="ArgumentException"/> when a network of <paramref name="channels"/> initial channels
    /// cannot be built from this family (e.g. grouped convolutions whose groups do not divide the channels). Default: any.</summary>
    public virtual void CheckChannels(int channels) { }

    private sealed class RealCellOps : CellOps
    {
        public override string Name => "real";

        public override nn.Module<Tensor, Tensor> Create(string op, int channels, int stride, bool affine) =>
            OpRegistry.Create(op, channels, stride, affine);

        // model_search.py MixedOp: pooling is followed by a non-affine BatchNorm during search.
        public override nn.Module<Tensor, Tensor> CreateMixed(string op, int channels, int stride)
        {
            var module = OpRegistry.Create(op, channels, stride, affine: false);
            return op is SearchSpaces.OpNames.MaxPool3x3 or SearchSpaces.OpNames.AvgPool3x3 ? new PoolBatchNorm(module, channels) : module;
        }

        public override nn.Module<Tensor, Tensor> Preprocess(int cIn, int cOut, bool affine) => new ReluConvBn(cIn, cOut, 1, 1, 0, affine);

        public override nn.Module<Tensor, Tensor> PreprocessReduce(int cIn, int cOut, bool affine) => new FactorizedReduce(cIn, cOut, affine);

        public override nn.Module<Tensor, Tensor> Stem(int inputChannels, int cOut) =>
            nn.Sequential(nn.Conv2d(inputChannels, cOut, 3, padding: 1, bias: false), nn.BatchNorm2d(cOut));
    }
}
