namespace NasSharp.Tests.Networks;

using NasSharp.Networks;
using NasSharp.Ops;
using NasSharp.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

public sealed class InferenceLayoutTests
{
    private static DartsNetwork TrainedStatistics(int channels, int size)
    {
        manual_seed(5);
        var net = new DartsNetwork((CellGenotype)PublishedArchitectures.Get("DARTS_V2"), new NetworkOptions(channels, size, 10, 8, 5));
        net.train();
        using (no_grad())
            for (var i = 0; i < 3; i++)
            {
                using var batch = randn(8, channels, size, size);
                using var _ = net.call(batch); // batch-norm running statistics away from their initial 0 / 1
            }
        net.eval();
        return net;
    }

    private static Tensor Logits(DartsNetwork net, Tensor x, bool channelsLast)
    {
        var before = InferenceLayout.ChannelsLast;
        InferenceLayout.ChannelsLast = channelsLast;
        try { return net.call(x); }
        finally { InferenceLayout.ChannelsLast = before; }
    }

    [Theory]
    [InlineData(1, 1, 28)]
    [InlineData(5, 3, 32)]
    public void Forward_EvalChannelsLast_MatchesNchwToFloatRounding(int batch, int channels, int size)
    {
        using var scope = NewDisposeScope();
        using var net = TrainedStatistics(channels, size);
        manual_seed(6);
        var x = randn(batch, channels, size, size);
        using var inference = inference_mode();
        var nchw = Logits(net, x, channelsLast: false);
        var nhwc = Logits(net, x, channelsLast: true);
        var scale = nchw.abs().max().item<float>();
        Assert.True(scale > 1e-3, "logits too small to compare");
        var diff = (nchw - nhwc).abs().max().item<float>();
        Assert.True(diff <= 1e-5 * scale, $"channels-last logits differ by {diff} (max |logit| {scale})");
        Assert.True(nchw.argmax(1).equal(nhwc.argmax(1)).all().item<bool>());
    }

    [Fact]
    public void Forward_EvalChannelsLastWithGradients_InputGradientMatchesAndComesBackContiguous()
    {
        // Eval mode with autograd on (a saliency map, an adversarial step): the gradient flows through the copy.
        using var scope = NewDisposeScope();
        using var net = TrainedStatistics(1, 28);
        manual_seed(7);
        var x0 = randn(2, 1, 28, 28);
        var grads = new Tensor[2];
        foreach (var channelsLast in new[] { false, true })
        {
            var x = x0.detach().requires_grad_(true);
            var logits = Logits(net, x, channelsLast);
            grads[channelsLast ? 1 : 0] = autograd.grad([logits.sum()], [x])[0];
        }
        Assert.True(grads[1].is_contiguous());
        var scale = grads[0].abs().max().item<float>();
        Assert.True((grads[0] - grads[1]).abs().max().item<float>() <= 1e-4 * scale);
    }

    [Fact]
    public void Forward_Training_BitIdenticalWithEitherSetting()
    {
        // Training passes never change layout: the setting may not move a training trajectory by a bit.
        using var scope = NewDisposeScope();
        var outputs = new Tensor[2];
        var grads = new Tensor[2];
        foreach (var channelsLast in new[] { false, true })
        {
            manual_seed(8);
            using var net = new DartsNetwork((CellGenotype)PublishedArchitectures.Get("DARTS_V2"), new NetworkOptions(1, 28, 10, 8, 5));
            net.train();
            var x = randn(4, 1, 28, 28);
            outputs[channelsLast ? 1 : 0] = Logits(net, x, channelsLast);
            outputs[channelsLast ? 1 : 0].square().sum().backward();
            grads[channelsLast ? 1 : 0] = net.parameters().First().grad!.clone();
        }
        Assert.True(outputs[0].equal(outputs[1]).all().item<bool>());
        Assert.True(grads[0].equal(grads[1]).all().item<bool>());
    }

    [Fact]
    public void Prepare_EvalCpu4D_GivesChannelsLastStridesElseTheSameTensor()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 5, 4);
        var prepared = InferenceLayout.Prepare(x, training: false);
        Assert.Equal(x.shape, prepared.shape);
        Assert.Equal(new long[] { 60, 1, 12, 3 }, prepared.stride());
        Assert.True(prepared.equal(x).all().item<bool>());
        Assert.Same(x, InferenceLayout.Prepare(x, training: true));
        Assert.Same(prepared, InferenceLayout.Prepare(prepared, training: false)); // already channels-last: no copy
    }

    [Theory]
    [InlineData("max")]
    [InlineData("avg")]
    public void Pool_ChannelsLastInputWithoutGrad_StaysChannelsLastBitIdentical(string kind)
    {
        // Above the size where the pools copy to channels-last themselves, an input that is already channels-last is
        // pooled as it is and the output left channels-last (no copy back) when no gradient is recorded.
        using var scope = NewDisposeScope();
        manual_seed(9);
        var x = nn.functional.relu(randn(4, 16, 28, 28)).mul(3).round();
        Assert.True(x.numel() >= MaxPool.ChannelsLastMinElements);
        nn.Module<Tensor, Tensor> pool = kind == "max" ? new MaxPool(3, 1, 1) : new AvgPool(3, 1, 1, countIncludePad: false);
        using var _ = pool;
        var nhwc = InferenceLayout.Prepare(x, training: false);
        using var noGrad = no_grad();
        var y = pool.call(nhwc);
        var reference = pool.call(x);
        Assert.True(reference.is_contiguous());
        Assert.Equal(1, y.stride(1)); // channels-last
        Assert.True(y.equal(reference).all().item<bool>());
    }
}
