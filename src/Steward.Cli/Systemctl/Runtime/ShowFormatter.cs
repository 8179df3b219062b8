using System.Text;
using Steward.Bus;
using Steward.Time;

namespace Steward.Cli.Systemctl.Runtime;

/// <summary>What <c>systemctl show</c> was asked for.</summary>
/// <param name="Properties">The <c>-p</c>/<c>--property</c> names (null or empty: all); named ones show even when empty.</param>
/// <param name="All"><c>--all</c>/<c>-a</c>: show empty and unprintable properties too.</param>
/// <param name="ValueOnly"><c>--value</c> (and <c>-P</c>): only the values, without <c>Name=</c>.</param>
public sealed record ShowOptions(IReadOnlyCollection<string>? Properties = null, bool All = false, bool ValueOnly = false);

/// <summary>
/// <c>systemctl show</c>'s text for one object (a unit or the manager): one <c>Name=value</c> line per property in the
/// order the GetAll reply sent them. Input: <c>org.freedesktop.DBus.Properties.GetAll(interface="")</c> on the unit's
/// object path (all its interfaces merged, as systemctl asks for them).
/// </summary>
public static class ShowFormatter
{
    /// <summary>The lines for one object, each ending in a newline.</summary>
    public static string Format(IEnumerable<KeyValuePair<string, Variant>> properties, ShowOptions options, TimeZoneRules zone)
    {
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(options);
        var s = new StringBuilder();
        bool filtered = options.Properties is { Count: > 0 };
        foreach (var (name, value) in properties)
        {
            if (filtered && !options.Properties!.Contains(name))
            {
                continue;
            }

            PropertyText text = PropertyText.Of(name, value, zone);
            if (text.Empty && !options.All && !filtered)
            {
                continue;
            }

            foreach (string line in text.Lines)
            {
                if (!options.ValueOnly)
                {
                    s.Append(name).Append('=');
                }

                s.Append(line).Append('\n');
            }
        }

        return s.ToString();
    }

    /// <summary>Several objects, as <c>systemctl show A B</c> prints them: separated by an empty line.</summary>
    public static string FormatMany(IEnumerable<IEnumerable<KeyValuePair<string, Variant>>> objects, ShowOptions options, TimeZoneRules zone)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var s = new StringBuilder();
        bool first = true;
        foreach (var o in objects)
        {
            if (!first)
            {
                s.Append('\n');
            }

            first = false;
            s.Append(Format(o, options, zone));
        }

        return s.ToString();
    }
}
