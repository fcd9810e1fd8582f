namespace NasSharp.Experiments;

/// <summary>A file of strategy state kept beside the store (row of the <c>state_files</c> table), e.g. a strategy's
/// tensors written by <see cref="Strategies.ITensorState.SaveTensors"/>.</summary>
/// <param name="Name">What the file holds (unique; <c>tensors</c> for a strategy's tensors).</param>
/// <param name="Path">Path relative to the experiment folder, <c>/</c>-separated (e.g. <c>strategy/state-3.bin</c>).</param>
/// <param name="Hash">SHA-256 of the file's bytes, lower-case hex.</param>
/// <param name="Bytes">Size of the file in bytes.</param>
public sealed record StateFile(string Name, string Path, string Hash, long Bytes);
