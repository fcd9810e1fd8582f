namespace NasSharp.Tests.Strategies;

using NasSharp.Networks;
using NasSharp.Strategies.Darts;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>DARTS's second-order α gradient against a finite-difference derivative of the unrolled validation loss; the
/// frozen passes (ω frozen in the α step, α in the ω step) against plain autograd over every parameter.</summary>
public sealed class DartsArchitectTests
{
    private static readonly DartsOptions Tiny = new() { Channels = 4, Layers = 3, Nodes = 2 };

    private static DifferentiableSupernet Supernet(DartsOptions options)
    {
        manual_seed(11);
        return DartsSearch.BuildSupernet(options, "darts", new NetworkOptions(3, 8, 5, options.Channels, options.Layers));
    }

    [Fact]
    public void FirstOrder_SupernetWithDepthwiseOps_AlphaGradientAsPlainAutogradAndOmegaUntouched()
    {
        using var net = Supernet(Tiny);
        manual_seed(3);
        var (x, y) = (randn(6, 3, 8, 8), randint(0, 5, [6]));
        var alphas = net.ArchitectureParameters.Cast<Tensor>().ToArray();
        // Every parameter requiring grad, as before the α step froze ω.
        var expected = autograd.grad([nn.functional.cross_entropy(net.call(x), y)], alphas).Select(g => g.clone()).ToArray();

        var architect = new DartsArchitect(net.WeightParameters, net.ArchitectureParameters,
            (xv, yv) => nn.functional.cross_entropy(net.call(xv), yv), 0.9, 3e-4);
        architect.FirstOrder(x, y);

        for (var i = 0; i < alphas.Length; i++)
        {
            Assert.True(alphas[i].grad!.allclose(expected[i], rtol: 1e-5, atol: 1e-9),
                $"α[{i}]: max difference {(alphas[i].grad! - expected[i]).abs().max().item<float>()}");
        }
        Assert.All(net.WeightParameters, w => Assert.True(w.requires_grad));
        Assert.All(net.WeightParameters, w => Assert.Null(w.grad));
    }

    [Fact]
    public void Step_AlphaFrozenInOmegaStep_EveryParameterAsTheUnfrozenStep()
    {
        using var frozen = Supernet(Tiny);
        using var plain = Supernet(Tiny);
        manual_seed(5);
        var (x, y, xv, yv) = (randn(6, 3, 8, 8), randint(0, 5, [6]), randn(6, 3, 8, 8), randint(0, 5, [6]));
        using var bilevel = new BilevelOptimizer(frozen, Tiny);
        bilevel.Step(x, y, xv, yv);

        // The same step with nothing frozen: Adam on α from autograd.grad, then SGD on ω after a full backward.
        var weights = plain.WeightParameters.ToArray();
        using var sgd = optim.SGD(weights, Tiny.LearningRate, momentum: Tiny.Momentum, weight_decay: Tiny.WeightDecay);
        using var adam = optim.Adam(plain.ArchitectureParameters, Tiny.ArchLearningRate, beta1: Tiny.ArchBeta1, beta2: Tiny.ArchBeta2,
            weight_decay: Tiny.ArchWeightDecay);
        var alphas = plain.ArchitectureParameters.ToArray();
        var g = autograd.grad([nn.functional.cross_entropy(plain.call(xv), yv)], alphas.Cast<Tensor>().ToArray());
        for (var i = 0; i < alphas.Length; i++) alphas[i].grad = g[i];
        adam.step();
        sgd.zero_grad();
        nn.functional.cross_entropy(plain.call(x), y).backward();
        Assert.All(alphas, a => Assert.NotNull(a.grad)); // the plain ω step did compute α's gradient
        nn.utils.clip_grad_norm_(weights, Tiny.GradClip);
        sgd.step();

        var expected = plain.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in frozen.named_parameters())
        {
            Assert.True(p.requires_grad, name);
            Assert.True(p.allclose(expected[name], rtol: 1e-5, atol: 1e-7), $"{name}: max difference {(p - expected[name]).abs().max().item<float>()}");
        }
        // Each step moved its own parameters.
        using var initial = Supernet(Tiny);
        foreach (var (name, p) in initial.named_parameters()) Assert.False(p.allclose(expected[name], rtol: 0, atol: 0), $"{name} did not move");
    }

    [Fact]
    public void Unrolled_TinyModel_MatchesFiniteDifferenceOfUnrolledValidationLoss()
    {
        var previous = get_default_dtype();
        set_default_dtype(float64);
        try
        {
            manual_seed(7);
            // A two-op "mixed edge": logits = w0·(x W1ᵀ) + w1·tanh(x W2ᵀ), (w0, w1) = softmax(α).
            var w1 = new Parameter(randn(3, 4));
            var w2 = new Parameter(randn(3, 4));
            var alpha = new Parameter(randn(2) * 0.5);
            Parameter[] weights = [w1, w2];
            Tensor Loss(Tensor x, Tensor y, Tensor a, Tensor p1, Tensor p2)
            {
                var w = nn.functional.softmax(a, 0);
                return nn.functional.cross_entropy(x.matmul(p1.t()).mul(w[0]).add(x.matmul(p2.t()).tanh().mul(w[1])), y);
            }
            var xt = randn(16, 4);
            var yt = randint(0, 3, 16);
            var xv = randn(16, 4);
            var yv = randint(0, 3, 16);
            var buffers = new Tensor?[] { randn(3, 4) * 0.1, randn(3, 4) * 0.1 };
            const double eta = 0.3, momentum = 0.9, wd = 3e-4;

            var architect = new DartsArchitect(weights, [alpha], (x, y) => Loss(x, y, alpha, w1, w2), momentum, wd);
            architect.Unrolled(xt, yt, xv, yv, eta, buffers);
            var analytic = alpha.grad!.clone();

            // f(α) = L_val(ω − η(m·buf + ∇ω L_train(ω, α) + wd·ω), α), differentiated numerically.
            double F(Tensor a)
            {
                var p1 = w1.detach().requires_grad_();
                var p2 = w2.detach().requires_grad_();
                var g = autograd.grad([Loss(xt, yt, a, p1, p2)], [p1, p2]);
                using var noGrad = no_grad();
                var u1 = w1 - eta * (momentum * buffers[0]! + g[0] + wd * w1);
                var u2 = w2 - eta * (momentum * buffers[1]! + g[1] + wd * w2);
                return Loss(xv, yv, a, u1, u2).item<double>();
            }
            const double h = 1e-6;
            for (var i = 0; i < 2; i++)
            {
                var plus = alpha.detach().clone();
                var minus = alpha.detach().clone();
                plus[i] += h;
                minus[i] -= h;
                var numeric = (F(plus) - F(minus)) / (2 * h);
                var got = analytic[i].item<double>();
                Assert.True(Math.Abs(numeric - got) <= 1e-4 * Math.Max(1, Math.Abs(numeric)), $"α[{i}]: unrolled {got}, finite difference {numeric}");
            }
            // The virtual step is undone exactly.
            var first = architect.FirstOrder(xv, yv);
            Assert.Equal(Loss(xv, yv, alpha, w1, w2).item<double>(), first, 12);
            // And the first-order gradient differs from the second-order one here (the test can tell them apart).
            Assert.False(alpha.grad!.allclose(analytic, rtol: 1e-3, atol: 1e-6));
        }
        finally
        {
            set_default_dtype(previous);
        }
    }
}
