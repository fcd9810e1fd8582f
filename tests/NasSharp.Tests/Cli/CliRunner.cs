namespace NasSharp.Tests.Cli;

using NasSharp.Cli;

/// <summary>Runs the <c>nas</c> command tree in-process and captures its output.</summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = Program.BuildRoot(output, error, args);
        var parse = root.Parse(args);
        var exit = parse.Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
