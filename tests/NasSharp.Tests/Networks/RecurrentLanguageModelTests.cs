namespace NasSharp.Tests.Networks;

using NasSharp.Networks;
using NasSharp.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

public class RecurrentLanguageModelTests
{
    private static readonly RecurrentSearchSpace Space = new(5, ActivationNames.EnasLm);

    // Nodes 1..4 read 0, 1, 1, 2 with relu, sigmoid, identity, tanh.
    private static RecurrentGenotype Cell() => EnasFixedArc.ParseRecurrentLm("0 1 1 2 1 3 2 0");

    [Fact]
    public void Forward_Cell_MatchesTheEnasLmEquationsComputedByHand()
    {
        manual_seed(1);
        using var net = new RecurrentCellNetwork(Cell(), vocabulary: 7, hidden: 3, LanguageModelDropout.None, initRange: 0.5);
        net.eval();
        using var tokens = tensor(new long[] { 1, 4, 6, 2, 0, 3 }).view(2, 3);
        using var h0 = randn(2, 3);
        var output = net.Forward(tokens, h0);
        // By hand: x_t = E[token]; [h, c] = [x, s]·W_prev; s0 = s + σ(c)(tanh(h) − s); node i: [h, c] = s_p·W_i; s_i = s_p + σ(c)(f(h) − s_p); s = mean(s1..s4).
        var e = net.Embedding.detach();
        var s = h0;
        var g = Cell();
        for (var t = 0; t < 3; t++)
        {
            var x = e.index_select(0, tokens.select(1, t));
            var hc = cat([x, s], 1).matmul(net.PreviousWeights.detach());
            var states = new List<Tensor> { s + sigmoid(hc[.., 3..]) * (tanh(hc[.., ..3]) - s) };
            for (var i = 1; i <= 4; i++)
            {
                var p = states[g.Nodes[i].Input];
                var nc = p.matmul(net.NodeParameter(i).detach());
                var f = RecurrentCellLanguageModel.Activate(nc[.., ..3], g.Nodes[i].Activation);
                states.Add(p + sigmoid(nc[.., 3..]) * (f - p));
            }
            s = (states[1] + states[2] + states[3] + states[4]) / 4;
            var logits = s.matmul(e.t());
            Assert.True(allclose(output.Logits.select(1, t), logits, rtol: 1e-5, atol: 1e-6));
        }
        Assert.True(allclose(output.State, s, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Embedding_IsTiedToTheSoftmax_OneTensor()
    {
        manual_seed(2);
        using var net = new RecurrentCellNetwork(Cell(), 11, 4, LanguageModelDropout.None);
        var shapes = net.parameters().Select(p => string.Join("x", p.shape)).ToArray();
        Assert.Single(shapes, "11x4");
        // Exactly V·H + (2H)² + N·H·2H parameters: the softmax has no weights of its own.
        Assert.Equal(11 * 4 + 8 * 8 + 4 * 4 * 8, net.parameters().Sum(p => p.numel()));
        net.eval();
        using var tokens = tensor(new long[] { 3, 5 }).view(1, 2);
        var before = net.Forward(tokens, net.InitialState(1)).Logits.clone();
        using (no_grad()) net.Embedding[7].add_(1.0f); // a word never input: only its softmax row changes
        var after = net.Forward(tokens, net.InitialState(1)).Logits;
        Assert.False(allclose(before[.., .., 7], after[.., .., 7]));
        Assert.True(allclose(before[.., .., 0], after[.., .., 0]));
    }

    [Fact]
    public void SharedModel_WithWeightsCopied_GivesTheStandAloneCellsOutputs()
    {
        manual_seed(3);
        using var shared = new EnasRnnSharedModel(Space, 9, 5, LanguageModelDropout.None);
        using var alone = new RecurrentCellNetwork(Cell(), 9, 5, LanguageModelDropout.None);
        shared.CopyTo(alone);
        shared.Arc = Cell();
        shared.eval();
        alone.eval();
        using var tokens = tensor(new long[] { 1, 2, 3, 4, 5, 6, 7, 8 }).view(2, 4);
        using var h = randn(2, 5);
        var a = shared.Forward(tokens, h);
        var b = alone.Forward(tokens, h);
        Assert.True(a.Logits.equal(b.Logits).all().item<bool>());
        Assert.True(a.State.equal(b.State).all().item<bool>());
    }

    [Fact]
    public void SharedModel_Backward_GivesGradientsOnlyToTheSampledPath()
    {
        manual_seed(4);
        using var shared = new EnasRnnSharedModel(Space, 9, 5, LanguageModelDropout.EnasSearch);
        var cell = Cell();
        shared.Arc = cell;
        using var tokens = tensor(new long[] { 1, 2, 3, 4, 5, 6, 7, 8 }).view(2, 4);
        var output = shared.Forward(tokens, shared.InitialState(2));
        // The loss a search step back-propagates: cross-entropy-like term plus the L2 on the regularised weights.
        var l2 = shared.RegularisedWeights().Select(w => w.square().sum()).Aggregate((a, b) => a + b);
        (output.Logits.sum() + 8e-7 * l2).backward();
        Assert.Equal(1 + 4, shared.RegularisedWeights().Count());
        for (var i = 1; i <= 4; i++)
        {
            var grad = shared.NodeParameter(i).grad!;
            for (var f = 0; f < Space.Activations.Count; f++)
                for (var j = 0; j < i; j++)
                {
                    var used = cell.Nodes[i].Input == j && Space.Activations[f] == cell.Nodes[i].Activation;
                    var norm = grad[f, j].abs().sum().item<float>();
                    if (used) Assert.True(norm > 0, $"node {i} ({Space.Activations[f]}, {j}) is on the path but got no gradient");
                    else Assert.Equal(0f, norm);
                }
        }
        Assert.True(shared.PreviousWeights.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Forward_Training_DropsOutButEvaluationIsDeterministic()
    {
        manual_seed(5);
        using var net = new LstmLanguageModel(9, 6, LanguageModelDropout.EnasFixed);
        using var tokens = tensor(new long[] { 1, 2, 3, 4 }).view(1, 4);
        net.eval();
        var a = net.Forward(tokens, net.InitialState(1)).Logits;
        var b = net.Forward(tokens, net.InitialState(1)).Logits;
        Assert.True(a.equal(b).all().item<bool>());
        net.train();
        var c = net.Forward(tokens, net.InitialState(1)).Logits;
        Assert.False(allclose(a, c));
        Assert.Single(net.parameters(), p => p.shape.SequenceEqual(new long[] { 9, 6 }));
    }
}
