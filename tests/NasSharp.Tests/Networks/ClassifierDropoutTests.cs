namespace NasSharp.Tests.Networks;

using NasSharp.Networks;
using NasSharp.SearchSpaces;
using static TorchSharp.torch;

public sealed class ClassifierDropoutTests
{
    public static TheoryData<string> Architectures => new() { "DARTS_V2", "NB201_BEST", "ENAS_MACRO" };

    private static NetworkOptions Options(string name) => new(1, 8, 5, 4, name == "DARTS_V2" ? 3 : 1);

    private static ClassificationNetwork Build(string name, NetworkOptions options)
    {
        manual_seed(3);
        return NetworkBuilder.Build(PublishedArchitectures.Get(name), options);
    }

    private static float[] Logits(ClassificationNetwork net, Tensor x, bool train)
    {
        net.train(train);
        using var y = net.call(x);
        return y.data<float>().ToArray();
    }

    [Theory]
    [InlineData("DARTS_V2")]
    [InlineData("NB201_BEST")]
    public void Forward_DropoutZero_TrainModeStaysDeterministicAndUnchanged(string name)
    {
        using var plain = Build(name, Options(name));
        using var zero = Build(name, Options(name) with { Dropout = 0 });
        manual_seed(11);
        using var x = randn(4, 1, 8, 8);
        var first = Logits(zero, x, train: true);
        Assert.Equal(first, Logits(zero, x, train: true)); // no random draw: nothing is dropped
        Assert.Equal(Logits(plain, x, train: true), first);
    }

    [Fact]
    public void Forward_EnasMacroDropoutZero_KeepsTheSearchDropout()
    {
        using var net = Build("ENAS_MACRO", Options("ENAS_MACRO"));
        manual_seed(11);
        using var x = randn(4, 1, 8, 8);
        Assert.NotEqual(Logits(net, x, train: true), Logits(net, x, train: true)); // 0.1 before the classifier, as before
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Forward_DropoutHalf_ActiveInTrainModeOnly(string name)
    {
        using var none = Build(name, Options(name));
        using var half = Build(name, Options(name) with { Dropout = 0.5 });
        manual_seed(11);
        using var x = randn(4, 1, 8, 8);
        Assert.Equal(Logits(none, x, train: false), Logits(half, x, train: false));
        manual_seed(12);
        var noneTrain = Logits(none, x, train: true);
        manual_seed(12);
        Assert.NotEqual(noneTrain, Logits(half, x, train: true));
    }
}
