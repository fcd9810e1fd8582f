namespace NasSharp.Cli.Commands;

using System.CommandLine;
using NasSharp.Training;

/// <summary><c>nas eval</c>: evaluate a trained model folder on its test set.</summary>
public static class EvalCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "Model folder written by `nas train`.", Required = true };
        var data = new Option<string?>("--data") { Description = "Evaluate on this dataset's test split instead of the training run's." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder where dataset names are looked up." };
        var command = new Command("eval", "Evaluate a trained model on the test split.") { model, data, dataDir };
        command.SetAction(parse => CliErrors.Run(error, () =>
        {
            var r = TrainJob.Evaluate(parse.GetValue(model)!, parse.GetValue(data), parse.GetValue(dataDir));
            output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"test accuracy {100 * r.Accuracy:F2}%, loss {r.Loss:F4}, {r.Count} images"));
            return 0;
        }));
        return command;
    }
}
