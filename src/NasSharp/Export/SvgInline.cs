using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace NasSharp.Export;

/// <summary>
/// Prepares a standalone SVG document for inlining into HTML beside other SVGs: drops the XML declaration and
/// DOCTYPE, prefixes every <c>id</c> (and the <c>url(#…)</c> / <c>href="#…"</c> references to it) so that ids of
/// different drawings cannot collide, and adds a <c>viewBox</c> from <c>width</c>/<c>height</c> when missing so the
/// drawing scales with CSS.
/// </summary>
internal static partial class SvgInline
{
    private static readonly XNamespace XLink = "http://www.w3.org/1999/xlink";

    /// <summary>Returns the prepared <c>&lt;svg&gt;</c> element as text.</summary>
    /// <param name="svg">An SVG document.</param>
    /// <param name="idPrefix">Prefix for the ids, e.g. <c>p3-</c>.</param>
    public static string Prepare(string svg, string idPrefix)
    {
        ArgumentNullException.ThrowIfNull(svg);
        var doc = XDocument.Parse(svg);
        var root = doc.Root ?? throw new ArgumentException("Empty SVG document.", nameof(svg));
        var ids = root.DescendantsAndSelf().Select(e => e.Attribute("id")?.Value).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var e in root.DescendantsAndSelf())
        {
            foreach (var a in e.Attributes())
            {
                if (a.IsNamespaceDeclaration) continue;
                if (a.Name == "id")
                {
                    a.Value = idPrefix + a.Value;
                }
                else if ((a.Name == "href" || a.Name == XLink + "href") && a.Value.StartsWith('#') && ids.Contains(a.Value[1..]))
                {
                    a.Value = "#" + idPrefix + a.Value[1..];
                }
                else if (a.Value.Contains("url(#", StringComparison.Ordinal))
                {
                    a.Value = UrlRef().Replace(a.Value, m => ids.Contains(m.Groups[1].Value)
                        ? $"url(#{idPrefix}{m.Groups[1].Value})"
                        : m.Value);
                }
            }
        }

        if (root.Attribute("viewBox") is null
            && TryLength(root.Attribute("width")?.Value, out double w) && TryLength(root.Attribute("height")?.Value, out double h))
        {
            root.SetAttributeValue("viewBox", string.Create(CultureInfo.InvariantCulture, $"0 0 {w} {h}"));
        }

        return root.ToString(SaveOptions.DisableFormatting);
    }

    private static bool TryLength(string? value, out double length)
    {
        length = 0;
        if (value is null) return false;
        string v = value.Trim();
        if (v.EndsWith("px", StringComparison.Ordinal)) v = v[..^2];
        return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out length) && length > 0;
    }

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex UrlRef();
}
