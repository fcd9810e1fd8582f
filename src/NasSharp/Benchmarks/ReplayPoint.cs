namespace NasSharp.Benchmarks;

/// <summary>A run's answer after <paramref name="Queries"/> queries: the best trial so far by the strategy's own score
/// (validation accuracy; ties to the earlier trial).</summary>
/// <param name="Queries">Trials taken so far (1..budget).</param>
/// <param name="AnswerIndex">NAS-Bench-201 index of the answer.</param>
/// <param name="AnswerValid">Its validation accuracy (0..1; with the table evaluator the 12-epoch one).</param>
/// <param name="TrueTestAcc">Its true 200-epoch CIFAR-10 test accuracy, percent (as in the table).</param>
public sealed record ReplayPoint(int Queries, int AnswerIndex, double AnswerValid, double TrueTestAcc);
