namespace NasSharp.Experiments;

/// <summary>A file a trial produced (its trained weights), as stored with the trial.</summary>
/// <param name="Path">Path relative to the experiment folder, <c>/</c>-separated (e.g. <c>trials/sample-0/model.bin</c>).</param>
/// <param name="Hash">SHA-256 of the file's bytes, lower-case hex.</param>
public sealed record TrialArtefact(string Path, string Hash);
