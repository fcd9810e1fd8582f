namespace NasSharp.Training;

using System.Text.Json.Serialization;

/// <summary>What <see cref="TrainJob.Run"/> produced (also written as <c>result.json</c>).</summary>
/// <param name="TestAccuracy">Final held-out top-1 accuracy, 0..1.</param>
/// <param name="TestLoss">Final held-out loss.</param>
/// <param name="Parameters">Trainable parameters of the network.</param>
/// <param name="Macs">Multiply-accumulates per image.</param>
/// <param name="Epochs">Epochs trained in total.</param>
/// <param name="WallSeconds">Wall time of this call (data loading included).</param>
/// <param name="Stage1TestAccuracy">Binary run: test accuracy after stage 1 (binary activations, real weights); else null.</param>
/// <param name="Stage2BeforeFinetuneTestAccuracy">Binary run: test accuracy with stage 1's weights binarised, before
/// stage 2 trained; else null. (<paramref name="TestAccuracy"/> is then the fully binary network's after stage 2.)</param>
/// <param name="Flops">Binary run: real-valued MACs of the fully binary network (FLOPs in the binary-network sense); else null.</param>
/// <param name="Bops">Binary run: binary MACs (BOPs) of the fully binary network; else null.</param>
/// <param name="CombinedFlops">Binary run: FLOPs + BOPs/64; else null.</param>
public sealed record TrainJobResult(double TestAccuracy, double TestLoss, long Parameters, long Macs, int Epochs, double WallSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Stage1TestAccuracy = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Stage2BeforeFinetuneTestAccuracy = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Flops = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Bops = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? CombinedFlops = null);
