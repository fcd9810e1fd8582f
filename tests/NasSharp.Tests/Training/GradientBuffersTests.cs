namespace NasSharp.Tests.Training;

using NasSharp.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

public class GradientBuffersTests
{
    // conv -> batch norm -> ReLU -> linear, plus a linear layer the forward never uses.
    private sealed class Net : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv = nn.Conv2d(1, 4, 3);
        private readonly BatchNorm2d bn = nn.BatchNorm2d(4);
        private readonly Linear head = nn.Linear(4 * 6 * 6, 3);
        public readonly Linear Spare = nn.Linear(5, 3);

        public Net() : base("net") => RegisterComponents();

        public override Tensor forward(Tensor x) => head.call(nn.functional.relu(bn.call(conv.call(x))).flatten(1));
    }

    // Two branches; a step uses one of them (a sampled child of a weight-sharing supernet, in miniature).
    private sealed class Branches : nn.Module<Tensor, Tensor>
    {
        private readonly Linear a = nn.Linear(6, 3);
        private readonly Linear b = nn.Linear(6, 3);
        public bool UseA = true;

        public Branches() : base("branches") => RegisterComponents();

        public Linear A => a;
        public Linear B => b;

        public override Tensor forward(Tensor x) => (UseA ? a : b).call(x);
    }

    private static (Net Net, optim.Optimizer Optimizer) Build()
    {
        manual_seed(7);
        var net = new Net();
        return (net, optim.SGD(net.parameters(), 0.1, momentum: 0.9, weight_decay: 1e-3));
    }

    private static bool SameBits(Tensor a, Tensor b) => a.eq(b).all().item<bool>() && a.signbit().eq(b.signbit()).all().item<bool>();

    private static void AssertSameBits(nn.Module expected, nn.Module actual)
    {
        var e = expected.named_parameters().ToArray();
        var a = actual.named_parameters().ToArray();
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++)
        {
            Assert.Equal(e[i].name, a[i].name);
            Assert.True(SameBits(e[i].parameter, a[i].parameter), $"{e[i].name} differs");
        }
    }

    [Fact]
    public void Allocate_SgdTrainingWithZeroGradInPlace_SameWeightsBitForBitAndUnusedLayerUntouched()
    {
        var (plain, plainOptimizer) = Build();
        var (buffered, bufferedOptimizer) = Build();
        var spareBefore = buffered.Spare.weight.clone();
        using var gradients = GradientBuffers.Allocate(buffered.parameters());
        Assert.True(buffered.Spare.weight.grad is not null); // allocated before the first forward
        manual_seed(11);
        var x = randn(8, 1, 8, 8);
        var y = randint(0, 3, [8]);
        for (var step = 0; step < 4; step++)
        {
            plainOptimizer.zero_grad();
            nn.functional.cross_entropy(plain.call(x), y).backward();
            plainOptimizer.step();

            gradients.ZeroGrad(bufferedOptimizer);
            nn.functional.cross_entropy(buffered.call(x), y).backward();
            gradients.AfterBackward();
            Assert.Null(buffered.Spare.weight.grad); // not reached: no gradient, as without the buffers
            bufferedOptimizer.step();
        }
        AssertSameBits(plain, buffered);
        Assert.True(SameBits(buffered.Spare.weight, spareBefore)); // SGD skipped it: no weight decay, no momentum
        Assert.False(gradients.CheckPending);
    }

    [Fact]
    public void Reset_AlternatingBranches_MatchesSetToNoneBitForBit()
    {
        manual_seed(3);
        var plain = new Branches();
        manual_seed(3);
        var buffered = new Branches();
        var plainOptimizer = optim.SGD(plain.parameters(), 0.1, momentum: 0.9, weight_decay: 1e-2, nesterov: true);
        var bufferedOptimizer = optim.SGD(buffered.parameters(), 0.1, momentum: 0.9, weight_decay: 1e-2, nesterov: true);
        using var gradients = GradientBuffers.Allocate(buffered.parameters());
        manual_seed(5);
        var x = randn(4, 6);
        var y = randint(0, 3, [4]);
        foreach (var useA in new[] { true, true, false, true, false, false })
        {
            plain.UseA = buffered.UseA = useA;
            plain.zero_grad(); // set_to_none
            nn.functional.cross_entropy(plain.call(x), y).backward();
            plainOptimizer.step();

            gradients.Reset();
            Assert.True(gradients.CheckPending);
            nn.functional.cross_entropy(buffered.call(x), y).backward();
            gradients.AfterBackward();
            var (used, unused) = useA ? (buffered.A, buffered.B) : (buffered.B, buffered.A);
            Assert.NotNull(used.weight.grad);
            Assert.Null(unused.weight.grad);
            Assert.Null(unused.bias!.grad);
            bufferedOptimizer.step();
            AssertSameBits(plain, buffered);
        }
    }

    [Fact]
    public void AfterBackward_ReachedWithPositiveZeroGradient_KeepsTheGradient()
    {
        // A parameter the pass reaches with a gradient of +0.0 (its input is all zeros) is a reached parameter: its
        // gradient stays, so SGD applies weight decay to it as it would without the buffers.
        manual_seed(1);
        var layer = nn.Linear(4, 2);
        using var gradients = GradientBuffers.Allocate(layer.parameters());
        var loss = layer.call(zeros(3, 4)).sum(); // d loss / d weight = 0 * 1 = +0.0
        loss.backward();
        gradients.AfterBackward();
        Assert.NotNull(layer.weight.grad);
        Assert.Equal(0.0, layer.weight.grad!.abs().sum().item<float>());
        Assert.NotNull(layer.bias!.grad);
    }

    [Fact]
    public void ZeroGradAndReset_GradientsThatExistedBeforeAllocate_ZeroedOrDroppedAsWithoutBuffers()
    {
        // A second trainer over a model whose parameters kept the first one's gradients: ZeroGrad must zero them (as
        // optimizer.zero_grad does) and Reset must drop them (as set_to_none does), though they have no buffer.
        manual_seed(2);
        var layer = nn.Linear(3, 2);
        layer.call(ones(1, 3)).sum().backward(); // left over from an earlier loop
        var optimizer = optim.SGD(layer.parameters(), 0.1);
        using var gradients = GradientBuffers.Allocate(layer.parameters());
        gradients.ZeroGrad(optimizer);
        Assert.Equal(0.0, layer.weight.grad!.abs().sum().item<float>());
        layer.call(ones(1, 3)).sum().backward();
        gradients.AfterBackward();
        Assert.Equal(6.0, layer.weight.grad!.sum().item<float>()); // this pass's gradient alone (2x3 ones), not twice it
        gradients.Reset();
        Assert.Null(layer.weight.grad);
        Assert.Null(layer.bias!.grad);
    }

    [Fact]
    public void AfterBackward_ReachedParameter_BackwardAddedIntoTheBufferInPlace()
    {
        // The point of the buffers is that the backward writes into them instead of allocating a gradient of its own:
        // a handle to the gradient taken before the backward must see the gradient after it (same storage).
        manual_seed(4);
        var layer = nn.Linear(3, 2);
        var optimizer = optim.SGD(layer.parameters(), 0.1);
        using var gradients = GradientBuffers.Allocate(layer.parameters());
        gradients.ZeroGrad(optimizer);
        using var before = layer.weight.grad!;
        Assert.True(before.signbit().all().item<bool>()); // -0.0 until the pass adds into it
        layer.call(ones(1, 3)).sum().backward();
        gradients.AfterBackward();
        Assert.Equal(6.0, before.sum().item<float>());
        Assert.False(before.signbit().any().item<bool>());
    }
}
