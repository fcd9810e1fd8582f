namespace NasSharp.Training;

using System.Globalization;

/// <summary>The one range check behind every <c>Validate()</c> of settings, so all of them word errors alike.</summary>
internal static class SettingCheck
{
    /// <summary>Throws "{owner} {name} ({option}) must be {expected}, got {value}." unless <paramref name="ok"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="ok"/> is false.</exception>
    public static void Require(bool ok, string owner, string name, string option, string expected, object value)
    {
        if (!ok) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{owner} {name} ({option}) must be {expected}, got {value}."));
    }
}
