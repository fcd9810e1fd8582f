namespace NasSharp.Cli;
public static class Program { public static int Main(string[] args) { System.Console.WriteLine(TorchSharp.torch.ones(2).sum().item<float>()); return 0; } }
