namespace NasSharp.Cost;

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

/// <summary>
/// Counts parameters and multiply-accumulates. MACs are measured by running one forward pass in eval mode with hooks
/// on every Conv2d and <see cref="Ops.DepthwiseConv2d"/> (<c>out_elements × in_channels/groups × kh × kw</c>) and Linear (<c>in × out</c>) layer, the
/// convention of DARTS-family papers (BatchNorm, pooling and additions are not counted). A
/// <see cref="Ops.Binary.BinaryConv2d"/> (not a Conv2d, so counted once) adds its MACs by the same formula; with weight
/// binarisation on (inputs are always binary) they are also counted as BOPs (<see cref="ModelCost.Bops"/>), else they
/// stay FLOPs.
/// </summary>
public static class CostCounter
{
    /// <summary>Number of trainable parameters of <paramref name="module"/>, without the auxiliary head (DARTS
    /// <c>utils.count_parameters_in_MB</c> skips names containing "auxiliary": the head is dropped after training).</summary>
    public static long CountParameters(nn.Module module) =>
        module.named_parameters().Where(p => p.parameter.requires_grad && !p.name.Contains("auxiliary", StringComparison.Ordinal))
            .Sum(p => p.parameter.numel());

    /// <summary>Parameters and per-image MACs of <paramref name="network"/> for square inputs of shape
    /// [1, <paramref name="channels"/>, <paramref name="size"/>, <paramref name="size"/>].</summary>
    public static ModelCost Measure(nn.Module<Tensor, Tensor> network, int channels, int size) => Measure(network, channels, size, size);

    /// <summary>Parameters and per-image MACs of <paramref name="network"/> for inputs of shape
    /// [1, <paramref name="channels"/>, <paramref name="height"/>, <paramref name="width"/>].</summary>
    public static ModelCost Measure(nn.Module<Tensor, Tensor> network, int channels, int height, int width)
    {
        long macs = 0, bops = 0;
        var removers = new List<Action>();
        foreach (var (_, m) in network.named_modules())
        {
            switch (m)
            {
                case Conv2d conv:
                    var hc = conv.register_forward_hook((mod, input, output) =>
                    {
                        var w = conv.weight!;
                        macs += output.numel() * w.shape[1] * w.shape[2] * w.shape[3];
                        return output;
                    });
                    removers.Add(hc.remove);
                    break;
                case Ops.DepthwiseConv2d depthwise:
                    var hd = depthwise.register_forward_hook((mod, input, output) =>
                    {
                        var w = depthwise.weight;
                        macs += output.numel() * w.shape[1] * w.shape[2] * w.shape[3];
                        return output;
                    });
                    removers.Add(hd.remove);
                    break;
                case Ops.Binary.BinaryConv2d binary:
                    var hb = binary.register_forward_hook((mod, input, output) =>
                    {
                        var w = binary.weight;
                        var n = output.numel() * w.shape[1] * w.shape[2] * w.shape[3];
                        macs += n;
                        if (binary.BinarizeWeights) bops += n;
                        return output;
                    });
                    removers.Add(hb.remove);
                    break;
                case Linear lin:
                    var hl = lin.register_forward_hook((mod, input, output) =>
                    {
                        macs += output.numel() * lin.weight!.shape[1];
                        return output;
                    });
                    removers.Add(hl.remove);
                    break;
            }
        }
        var wasTraining = network.training;
        network.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            using var x = zeros(1, channels, height, width);
            network.call(x);
        }
        finally
        {
            foreach (var remove in removers) remove();
            network.train(wasTraining);
        }
        return new ModelCost(CountParameters(network), macs, bops);
    }
}
