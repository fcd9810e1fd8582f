namespace NasSharp.Tests.Experiments;

using NasSharp.Experiments;
using NasSharp.Strategies;

/// <summary>A strategy that searches nothing and has "tensors": <see cref="Payload"/> bytes written to the file it is
/// given; it records what it was asked to load.</summary>
internal sealed class TensorStrategy : ISearchStrategy, ITensorState
{
    public byte[] Payload { get; set; } = [];

    public byte[] SmallState { get; set; } = [1, 2, 3];

    public byte[]? LoadedSmallState { get; private set; }

    public string? LoadedPath { get; private set; }

    public byte[]? LoadedBytes { get; private set; }

    public string Name => "tensor-fake";

    public bool HasTensors => Payload.Length > 0;

    public Task RunAsync(SearchContext context, CancellationToken cancellation) => Task.CompletedTask;

    public byte[] SaveState() => SmallState;

    public void LoadState(byte[] state) => LoadedSmallState = state;

    public void SaveTensors(string path) => File.WriteAllBytes(path, Payload);

    public void LoadTensors(string path)
    {
        LoadedPath = path;
        LoadedBytes = File.ReadAllBytes(path);
    }
}
