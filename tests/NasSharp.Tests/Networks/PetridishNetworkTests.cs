namespace NasSharp.Tests.Networks;

using NasSharp.Networks;
using NasSharp.Ops;
using NasSharp.SearchSpaces;
using NasSharp.Strategies.Petridish;
using static TorchSharp.torch;

/// <summary>Petridish's function-preserving mechanics on real networks: stop-gradient/stop-forward candidates leave the
/// parent's output and gradients bit-identical, a zero-gated child starts as its parent, and L1 makes the candidate
/// choice sparse on a toy task where one pair clearly helps.</summary>
public sealed class PetridishNetworkTests
{
    private static readonly NetworkOptions Options = new(1, 12, 4, Channels: 4, Layers: 3);

    // A parent that already grew once (an added node with a trained, non-zero gate), reading both cell inputs.
    // seedParent: petridishnn's seed, whose cells never read input 0 (its preprocessing exists for the candidates only).
    private static PetridishGenotype Parent(bool seedParent = false)
    {
        if (seedParent) return PetridishSearchSpace.TfSeed();
        var seed = new PetridishCell([new PetridishNode([new OpEdge(OpNames.SepConv3x3, 1), new OpEdge(OpNames.SkipConnect, 0)], added: false)], [2]);
        var grown = seed.With([new OpEdge(OpNames.DilConv3x3, 2), new OpEdge(OpNames.AvgPool3x3, 1)]);
        return new PetridishGenotype(grown, seed);
    }

    // Same shape and every element equal (bit for bit up to the sign of zero).
    private static bool Identical(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static PetridishNetwork Build(PetridishGenotype g, bool candidates = false, int seed = 1)
    {
        manual_seed(seed);
        return new PetridishNetwork(g, Options, candidates);
    }

    [Fact]
    public void StopOps_Tensor_ForwardAndBackwardAsDefined()
    {
        using var x = tensor(new float[] { -2f, 0.5f, 3f }).requires_grad_(true);
        using var sf = StopOps.StopForward(x);
        Assert.Equal(new float[] { 0f, 0f, 0f }, sf.data<float>().ToArray());
        sf.mul(tensor(new float[] { 1f, 2f, 3f })).sum().backward();
        Assert.Equal(new float[] { 1f, 2f, 3f }, x.grad!.data<float>().ToArray()); // identity gradient
        using var y = tensor(new float[] { 1f, 2f }).requires_grad_(true);
        using var sg = StopOps.StopGradient(y);
        Assert.Equal(y.data<float>().ToArray(), sg.data<float>().ToArray());
        Assert.False(sg.requires_grad); // no gradient flows back
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Candidates_Attached_OutputAndEveryParentGradientBitIdenticalWhileCandidateWeightsLearn(bool seedParent)
    {
        using var parent = Build(Parent(seedParent));
        using (no_grad()) foreach (var cell in parent.Cells) foreach (var node in cell.Nodes) node.Gate?.fill_(0.7);
        using var withCandidates = Build(Parent(seedParent), candidates: true, seed: 2);
        PetridishWarmStart.Copy(parent, withCandidates);
        manual_seed(5);
        using var x = randn(6, 1, 12, 12);
        using var y = tensor(new long[] { 0, 1, 2, 3, 0, 1 });

        parent.train();
        withCandidates.train();
        using var a = parent.call(x);
        using var b = withCandidates.call(x);
        Assert.True(Identical(a, b), "the candidates changed the forward output");
        nn.functional.cross_entropy(a, y).backward();
        nn.functional.cross_entropy(b, y).backward(); // no L1 here: the penalty only involves the candidate weights

        var candidateGrads = withCandidates.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad);
        foreach (var (name, p) in parent.named_parameters())
        {
            Assert.True(candidateGrads.ContainsKey(name), name);
            Assert.NotNull(p.grad);
            Assert.True(Identical(p.grad!, candidateGrads[name]!), $"gradient of parent parameter {name} changed");
        }
        foreach (var cell in new[] { "normal", "reduce" })
        {
            var g = withCandidates.CandidateWeights(cell).grad!;
            Assert.True(g.abs().max().item<float>() > 0, $"{cell} candidate weights got no gradient");
        }
        // The candidate ops learn too (through their weights), and the parent's outputs were detached from them.
        var opGrads = withCandidates.named_parameters().Where(p => p.name.Contains(".candidates.", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(opGrads);
        Assert.Contains(opGrads, p => p.parameter.grad is { } g && g.abs().max().item<float>() > 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Training_WithCandidatesAttached_LeavesEveryParentParameterAsTrainingTheParentAlone(bool seedParent)
    {
        // One epoch of the trainer (SGD, momentum, weight decay, clipping at a norm the gradients exceed, L1 on the
        // candidates) on the same batches: the parent's parameters end bit-identical with or without candidates.
        manual_seed(8);
        using var images = randint(0, 256, [48, 1, 12, 12]).to(ScalarType.Byte);
        using var labels = randint(0, 4, [48]);
        using var data = new NasSharp.Data.ImageDataset(images, labels, ["a", "b", "c", "d"], "random images");
        var norm = NasSharp.Data.Normalization.FromDataset(data);
        var options = new NasSharp.Training.TrainingOptions { Epochs = 1, BatchSize = 16, LearningRate = 0.1, GradClip = 0.05, Seed = 3, CropPadding = 0, HorizontalFlip = false, LogEvery = 100 };
        using var alone = Build(Parent(seedParent));
        using var withCandidates = Build(Parent(seedParent), candidates: true, seed: 2);
        PetridishWarmStart.Copy(alone, withCandidates);
        withCandidates.CandidateL1 = 0.01;
        var before = withCandidates.CandidateWeights("normal").detach().clone();
        new NasSharp.Training.Trainer(options).Train(alone, data, null, norm);
        new NasSharp.Training.Trainer(options).Train(withCandidates, data, null, norm);

        var trained = withCandidates.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in alone.named_parameters())
            Assert.True(Identical(p, trained[name]), $"parent parameter {name} trained differently with candidates attached");
        foreach (var (name, b) in alone.named_buffers())
            Assert.True(Identical(b, withCandidates.named_buffers().Single(x => x.name == name).buffer), $"parent buffer {name} differs");
        Assert.False(Identical(before, withCandidates.CandidateWeights("normal")), "the candidate weights did not move");
        Assert.Equal(2, withCandidates.ClippingGroups(withCandidates.parameters().ToArray()).Count);
    }

    [Fact]
    public void FinalisedChild_ZeroGate_OutputEqualsParentBeforeTraining()
    {
        var parentGenotype = Parent();
        using var parent = Build(parentGenotype);
        using (no_grad()) foreach (var cell in parent.Cells) foreach (var node in cell.Nodes) node.Gate?.fill_(0.7);
        using var candidates = Build(parentGenotype, candidates: true, seed: 3);
        PetridishWarmStart.Copy(parent, candidates);
        var child = PetridishSearchSpace.Grow(parentGenotype,
            [new OpEdge(OpNames.SepConv5x5, 3), new OpEdge(OpNames.MaxPool3x3, 0), new OpEdge(OpNames.SkipConnect, 2)],
            [new OpEdge(OpNames.DilConv5x5, 1), new OpEdge(OpNames.SepConv3x3, 2)]);
        using var network = Build(child, seed: 4);
        var left = PetridishWarmStart.ChildFromCandidates(candidates, network);
        // Only the new nodes' projections and gates are left as built; the kept ops came from the candidates.
        Assert.All(left, name => Assert.Matches(@"\.nodes\.\d+\.(projection\.|gate)", name));
        Assert.Contains(left, n => n.EndsWith("gate", StringComparison.Ordinal));
        var source = candidates.state_dict();
        var kept = network.state_dict().Where(p => p.Key.StartsWith("cells.0.nodes.2.ops.0.", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(kept);
        var pair = PetridishCandidates.IndexOf(new OpEdge(OpNames.SepConv5x5, 3));
        foreach (var (name, t) in kept)
            Assert.True(Identical(t, source[name.Replace("nodes.2.ops.0.", $"candidates.ops.{pair}.", StringComparison.Ordinal)]), name);

        manual_seed(6);
        using var x = randn(5, 1, 12, 12);
        foreach (var train in new[] { false, true })
        {
            parent.train(train);
            network.train(train);
            using var a = parent.call(x);
            using var b = network.call(x);
            Assert.True(Identical(a, b), $"child differs from its parent (train = {train})");
        }
        // The gate is a real parameter: one step on the child moves it away from 0.
        var gate = network.Cells[0].Nodes[^1].Gate!;
        network.train();
        nn.functional.cross_entropy(network.call(x), tensor(new long[] { 0, 1, 2, 3, 0 })).backward();
        Assert.True(gate.grad!.abs().item<float>() > 0, "the zero gate got no gradient");
    }

    [Fact]
    public void Candidates_SharedInputWork_SameOutputAndGradientsAsEachCandidateAlone()
    {
        // Seven candidates read each state; the four convs share its ReLU, the pools their pool.
        DartsNetworkTests.AssertSharingChangesOnlyRounding(share => Run(share));

        static (Tensor, Tensor[]) Run(bool share)
        {
            manual_seed(8);
            var candidates = new PetridishCandidates(states: 3, c: 4, reduction: true) { ShareInputWork = share };
            var w = new TorchSharp.Modules.Parameter(randn(PetridishCandidates.Pairs(3).Length));
            var states = new[] { randn(4, 4, 8, 8), randn(4, 4, 8, 8), randn(4, 4, 4, 4) };
            candidates.train();
            var y = candidates.call(states, w);
            y.mul(randn_like(y)).sum().backward();
            return (y.detach(), [w.grad!, .. candidates.parameters().Select(p => p.grad!)]);
        }
    }

    [Fact]
    public void L1_ToyTaskWhereOnePairHelps_UnusedWeightsShrinkAndSelectionPicksIt()
    {
        // Cell states: s0, s1 independent noise. The parent's output misses exactly s1 (target = parent + s1), so the
        // pair skip_connect~1 is the one that helps; no pair on s0 can (s0 is independent of the target).
        double[] Train(double l1, out OpEdge[] top)
        {
            manual_seed(7);
            using var candidates = new PetridishCandidates(states: 2, c: 3, reduction: false);
            var pairs = PetridishCandidates.Pairs(2);
            using var w = new TorchSharp.Modules.Parameter(full(pairs.Length, 1.0 / pairs.Length));
            // Only the weights learn here: the question is which pair, as the ops are now, would reduce the loss.
            using var optimizer = optim.SGD([w], 0.05);
            for (var step = 0; step < 150; step++)
            {
                using var scope = NewDisposeScope();
                var s0 = randn(32, 3, 6, 6);
                var s1 = randn(32, 3, 6, 6);
                var parentOut = s0.mul(0.5);
                var output = parentOut.add(StopOps.StopForward(candidates.call([s0, s1], w)));
                var loss = nn.functional.mse_loss(output, parentOut.add(s1)).add(w.abs().sum().mul(l1));
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
            var values = w.detach().data<float>().Select(v => (double)v).ToArray();
            top = CandidateSelection.TopK(pairs, values, 1);
            return values;
        }

        var n = PetridishSearchSpace.CandidateOps.Count;
        var withL1 = Train(0.1, out var topL1);
        var without = Train(0, out var topPlain);
        Assert.Equal(new OpEdge(OpNames.SkipConnect, 1), Assert.Single(topL1));
        Assert.Equal(new OpEdge(OpNames.SkipConnect, 1), Assert.Single(topPlain));
        // Pairs on s0 (indices 0..n-1) cannot help: L1 drives them to (near) zero, without it they stay near their 1/pairs start.
        var unusedL1 = withL1.Take(n).Max(Math.Abs);
        var unusedPlain = without.Take(n).Select(Math.Abs).Average();
        Assert.True(unusedL1 < 0.02, $"unused weights with L1: max |w| = {unusedL1}");
        Assert.True(unusedPlain > 0.03, $"unused weights without L1: mean |w| = {unusedPlain}");
        var helpful = withL1[PetridishCandidates.IndexOf(new OpEdge(OpNames.SkipConnect, 1))];
        Assert.True(Math.Abs(helpful) > 10 * unusedL1, $"|w(skip~1)| = {helpful} vs unused {unusedL1}");
    }

    [Fact]
    public void Network_SeedFromDartsV2_BuildsWithSumOutputAndCountsCost()
    {
        var seed = PetridishSearchSpace.FromDarts((CellGenotype)PublishedArchitectures.Get("DARTS_V2"));
        Assert.Equal([2, 3, 4, 5], seed.Normal.Output);
        using var network = Build(seed);
        using var logits = network.call(randn(2, 1, 12, 12));
        Assert.Equal(new long[] { 2, 4 }, logits.shape);
        var cost = NasSharp.Cost.CostCounter.Measure(network, 1, 12);
        Assert.True(cost.Macs > 0 && cost.Parameters > 0);
    }
}
