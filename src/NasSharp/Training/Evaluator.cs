namespace NasSharp.Training;

using NasSharp.Data;
using NasSharp.Runtime;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>Evaluates a classifier on every batch of a loader, in eval mode and without gradients. Batches are moved
/// to the device of the network's parameters when the loader builds them elsewhere.</summary>
public static class Evaluator
{
    /// <summary>Returns mean loss and accuracy of <paramref name="network"/> over one pass of <paramref name="loader"/>.</summary>
    public static EvaluationResult Evaluate(nn.Module<Tensor, Tensor> network, BatchLoader loader)
    {
        var wasTraining = network.training;
        network.eval();
        var device = network.parameters().FirstOrDefault()?.device ?? CPU;
        var move = device.type != loader.Device.type || (device.type != DeviceType.CPU && device.index != loader.Device.index);
        double lossSum = 0;
        long correct = 0, count = 0;
        try
        {
            using var noGrad = no_grad();
            foreach (var (batchX, batchY) in loader.Epoch(0))
            {
                using var scope = StepScope.Begin();
                scope.Attach(batchX);
                scope.Attach(batchY);
                var (x, y) = move ? (batchX.to(device), batchY.to(device)) : (batchX, batchY);
                var logits = network.call(x);
                lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
                correct += logits.argmax(1).eq(y).sum().item<long>();
                count += y.shape[0];
            }
        }
        finally
        {
            network.train(wasTraining);
        }
        return count == 0 ? new EvaluationResult(double.NaN, double.NaN, 0) : new EvaluationResult(lossSum / count, (double)correct / count, count);
    }
}
