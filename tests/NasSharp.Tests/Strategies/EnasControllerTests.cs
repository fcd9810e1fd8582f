namespace NasSharp.Tests.Strategies;

using NasSharp.SearchSpaces;
using NasSharp.Strategies.Enas;
using TorchSharp;
using static TorchSharp.torch;

public sealed class EnasControllerTests
{
    private static void ZeroAllParameters(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var p in module.parameters()) p.zero_();
    }

    private static double LogSoftmax(double[] logits, int i)
    {
        var max = logits.Max();
        return logits[i] - max - Math.Log(logits.Sum(l => Math.Exp(l - max)));
    }

    private static double Entropy(double[] logits) =>
        -Enumerable.Range(0, logits.Length).Sum(i => Math.Exp(LogSoftmax(logits, i)) * LogSoftmax(logits, i));

    [Fact]
    public void MicroScore_ZeroWeightsExceptOpBias_MatchesHandComputation()
    {
        // With every weight zero the LSTM state stays zero, so attention logits are 0 (uniform over the i + 2 states
        // node i may read) and op logits are (1.1 / 2.5)·tanh(b_soft) plus, in the normal cell, ±0.25.
        var space = new EnasMicroSearchSpace();
        using var controller = new EnasMicroController(space, lstmSize: 16);
        ZeroAllParameters(controller);
        using (no_grad()) controller.named_parameters().Single(p => p.name == "b_soft").parameter.copy_(tensor(new[] { 10f, 10f, 0f, 0f, 0f }).view(1, -1));
        var arch = space.Sample(new Random(5));

        using var scored = controller.Score(arch);

        var c = 1.1 / 2.5;
        double[] OpLogits(bool normal) => Enumerable.Range(0, 5)
            .Select(i => c * Math.Tanh(i < 2 ? 10 : 0) + (normal ? (i < 2 ? 0.25 : -0.25) : 0)).ToArray();
        double expectedLogProb = 0, expectedEntropy = 0;
        foreach (var (cell, normal) in new[] { (arch.Normal, true), (arch.Reduce, false) })
            for (var node = 0; node < 5; node++)
            {
                expectedLogProb += 2 * Math.Log(1.0 / (node + 2));
                expectedEntropy += 2 * Math.Log(node + 2);
                var logits = OpLogits(normal);
                for (var k = 0; k < 2; k++)
                {
                    expectedLogProb += LogSoftmax(logits, OpNames.EnasMicro.ToList().IndexOf(cell.Edges[2 * node + k].Op));
                    expectedEntropy += Entropy(logits);
                }
            }
        Assert.Equal(expectedLogProb, scored.LogProbability.item<float>(), 4);
        Assert.Equal(expectedEntropy, scored.Entropy, 4);
    }

    [Fact]
    public void MacroScore_ZeroWeights_MatchesHandComputationIncludingSkipPenalty()
    {
        var space = new EnasMacroSearchSpace(layers: 4);
        using var controller = new EnasMacroController(space, lstmSize: 16);
        ZeroAllParameters(controller);
        var arch = space.Sample(new Random(2));

        using var scored = controller.Score(arch);

        // Ops: uniform over 6. Skips: logits [-0, 0], i.e. 1/2 each. 4 layers: 0 + 1 + 2 + 3 skip decisions.
        Assert.Equal(4 * Math.Log(1 / 6.0) + 6 * Math.Log(0.5), scored.LogProbability.item<float>(), 4);
        Assert.Equal(4 * Math.Log(6) + 6 * Math.Log(2), scored.Entropy, 4);
        // KL of sigmoid(0) = [0.5, 0.5] to [0.6, 0.4] per anchor, summed per layer (1, 2, 3 anchors), averaged over layers.
        var kl = 0.5 * Math.Log(0.5 / 0.6) + 0.5 * Math.Log(0.5 / 0.4);
        Assert.Equal((1 + 2 + 3) * kl / 3, scored.SkipPenalty!.item<float>(), 5);
    }

    [Theory]
    [InlineData("enas-micro")]
    [InlineData("enas-macro")]
    [InlineData("nb201")]
    public void Sample_ManySeeds_ValidInSpaceAndScoresBackToSameLogProbability(string spaceName)
    {
        manual_seed(1);
        using EnasController controller = spaceName switch
        {
            "enas-micro" => new EnasMicroController(new EnasMicroSearchSpace(), lstmSize: 32),
            "enas-macro" => new EnasMacroController(new EnasMacroSearchSpace(layers: 6), lstmSize: 32),
            _ => new EnasNb201Controller(lstmSize: 32),
        };
        var distinct = new HashSet<string>();
        for (var seed = 0; seed < 60; seed++)
        {
            using var sample = controller.Sample(new Random(seed));
            switch (sample.Architecture)
            {
                case CellGenotype g: new EnasMicroSearchSpace().Validate(g); break;
                case EnasMacroGenotype g: new EnasMacroSearchSpace(layers: 6).Validate(g); break;
                case Nb201Genotype g: Assert.InRange(new Nb201SearchSpace().IndexOf(g), 0, Nb201SearchSpace.Count - 1); break;
                default: Assert.Fail("unexpected architecture type"); break;
            }
            Assert.Equal(sample.Decisions, controller.Encode(sample.Architecture));
            using var scored = controller.Score(sample.Architecture);
            Assert.Equal(sample.LogProbability.item<float>(), scored.LogProbability.item<float>(), 5);
            distinct.Add(ArchitectureJson.Serialize(sample.Architecture, indented: false));
        }
        Assert.True(distinct.Count > 50, $"only {distinct.Count} distinct samples");
    }

    [Fact]
    public void Sample_SameSeed_SameArchitecture()
    {
        manual_seed(3);
        using var controller = new EnasMicroController(new EnasMicroSearchSpace());
        using var a = controller.Sample(new Random(9));
        using var b = controller.Sample(new Random(9));
        Assert.Equal(a.Architecture, b.Architecture);
    }

    [Fact]
    public void Reinforce_ToyRewardPreferringMaxPool_DrivesItsProbabilityAbove09()
    {
        // The reference's tanh constants cap an op's probability (micro: c/2.5 = 0.44, so at most
        // e^0.44 / (e^0.44 + 4e^-0.44) ≈ 0.38 for 5 ops), so this test gives the controller room with c = 5.
        manual_seed(4);
        var space = new EnasMicroSearchSpace(nodes: 2);
        using var controller = new EnasMicroController(space, lstmSize: 32, tanhConstant: 5, opTanhReduce: 1);
        // Start from neutral op logits (the reference's +10 bias saturates tanh for the separable convs).
        using (no_grad()) controller.named_parameters().Single(p => p.name == "b_soft").parameter.zero_();
        using var adam = optim.Adam(controller.parameters(), 0.01);
        var maxPool = OpNames.EnasMicro.ToList().IndexOf(OpNames.MaxPool3x3);
        double baseline = 0, probability = 0;
        for (var step = 0; step < 300; step++)
        {
            using var scope = NewDisposeScope();
            using var sample = controller.Sample(new Random(step));
            var arch = (CellGenotype)sample.Architecture;
            var reward = arch.Normal.Edges.Concat(arch.Reduce.Edges).Count(e => e.Op == OpNames.MaxPool3x3) / 8.0;
            baseline -= (1 - 0.9) * (baseline - reward);
            adam.zero_grad();
            (-sample.LogProbability * (reward - baseline)).backward();
            adam.step();
            probability = sample.OpProbabilities.Values.Average(p => p[maxPool]);
        }
        Assert.True(probability > 0.9, $"max_pool probability after 300 steps: {probability:F3}");
    }

    [Fact]
    public void Nb201Score_ZeroWeights_IsUniformOverTheFiveOpsOfEachEdge()
    {
        // With every weight 0 the logits are c·tanh(0) = 0: each of the 6 decisions is uniform over 5 ops.
        using var controller = new EnasNb201Controller();
        using (no_grad())
            foreach (var p in controller.parameters()) p.zero_();
        var cell = new Nb201Genotype(["nor_conv_3x3", "none", "skip_connect", "avg_pool_3x3", "nor_conv_1x1", "nor_conv_3x3"]);
        using var scored = controller.Score(cell);
        Assert.Equal(6 * Math.Log(1.0 / 5), scored.LogProbability.item<float>(), 4);
        Assert.Equal(6 * Math.Log(5), scored.Entropy, 4);
        Assert.Equal([3, 0, 1, 4, 2, 3], controller.Encode(cell));
        Assert.Equal(6, scored.OpProbabilities.Count); // one group per edge: edge0 .. edge5
    }
}
