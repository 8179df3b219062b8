using System.Text;
using Steward.Bus;

namespace Steward.Cli.Systemctl.Runtime;

/// <summary>Which dependencies <c>list-dependencies</c> follows.</summary>
public enum DependencyDirection
{
    /// <summary>Requires=, Requisite=, ConsistsOf=, Wants=, BindsTo=.</summary>
    Forward,

    /// <summary><c>--reverse</c>: WantedBy=, RequiredBy=, PartOf=, BoundBy=.</summary>
    Reverse,

    /// <summary><c>--after</c>: After=.</summary>
    After,

    /// <summary><c>--before</c>: Before=.</summary>
    Before,
}

/// <summary>What <c>list-dependencies</c> was asked for.</summary>
/// <param name="All"><c>--all</c>: expand every unit, not only targets.</param>
/// <param name="Plain"><c>--plain</c>: no tree lines and no state marks, two spaces per entry.</param>
public sealed record DependencyTreeOptions(DependencyDirection Direction = DependencyDirection.Forward, bool All = false, bool Plain = false);

/// <summary>
/// <c>systemctl list-dependencies UNIT</c>: the tree of a unit's dependencies among loaded units. Input: a lookup
/// from unit name to its properties (<c>GetAll("org.freedesktop.systemd1.Unit")</c> on the unit's path, or at least
/// <see cref="PropertiesRead"/> and ActiveState), null for a unit that is not loaded.
/// </summary>
public static class DependencyTreeFormatter
{
    /// <summary>The Unit properties followed for a direction (all string arrays).</summary>
    public static IReadOnlyList<string> PropertiesRead(DependencyDirection direction) => direction switch
    {
        DependencyDirection.Reverse => ["RequiredBy", "WantedBy", "PartOf", "BoundBy"],
        DependencyDirection.After => ["After"],
        DependencyDirection.Before => ["Before"],
        _ => ["Requires", "Requisite", "ConsistsOf", "Wants", "BindsTo"],
    };

    /// <summary>The tree, starting with the root's name on its own line.</summary>
    public static string Format(string root, Func<string, IReadOnlyDictionary<string, Variant>?> unitProperties, DependencyTreeOptions options)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(unitProperties);
        ArgumentNullException.ThrowIfNull(options);
        var s = new StringBuilder().Append(root).Append('\n');
        AppendChildren(s, root, unitProperties, options, [], []);
        return s.ToString();
    }

    // Children sorted with targets last, then by name; a unit already on the path from the root shows as "..."
    // instead of recursing into a cycle.
    private static void AppendChildren(StringBuilder s, string name, Func<string, IReadOnlyDictionary<string, Variant>?> lookup,
        DependencyTreeOptions options, List<string> path, List<bool> branches)
    {
        path.Add(name);
        var props = lookup(name);
        var deps = new List<string>();
        if (props is not null)
        {
            var p = new UnitProperties(props);
            foreach (string property in PropertiesRead(options.Direction))
            {
                deps.AddRange(p.Strings(property));
            }
        }

        deps = deps.Distinct().ToList();
        deps.Sort(CompareDependencies);
        for (int i = 0; i < deps.Count; i++)
        {
            string dep = deps[i];
            bool last = i == deps.Count - 1;
            if (path.Contains(dep))
            {
                if (!options.Plain)
                {
                    s.Append("  ");
                    AppendBranch(s, branches, true).Append("...\n");
                }

                continue;
            }

            if (options.Plain)
            {
                s.Append("  ").Append(dep).Append('\n');
            }
            else
            {
                var depProps = lookup(dep);
                string state = depProps is null ? "" : new UnitProperties(depProps).String("ActiveState");
                s.Append(UnitGlyph.For(state)).Append(' ');
                AppendBranch(s, branches, last).Append(dep).Append('\n');
            }

            if (options.All || dep.EndsWith(".target", StringComparison.Ordinal))
            {
                branches.Add(!last);
                AppendChildren(s, dep, lookup, options, path, branches);
                branches.RemoveAt(branches.Count - 1);
            }
        }

        // --plain keeps every unit seen, so each shows once; the tree forgets a unit once its subtree is done.
        if (!options.Plain)
        {
            path.RemoveAt(path.Count - 1);
        }
    }

    private static StringBuilder AppendBranch(StringBuilder s, List<bool> branches, bool last)
    {
        foreach (bool more in branches)
        {
            s.Append(more ? "│ " : "  ");
        }

        return s.Append(last ? "└─" : "├─");
    }

    private static int CompareDependencies(string a, string b)
    {
        bool ta = a.EndsWith(".target", StringComparison.Ordinal), tb = b.EndsWith(".target", StringComparison.Ordinal);
        if (ta != tb)
        {
            return ta ? 1 : -1;
        }

        return ListUnitsFormatter.CompareCaseless(a, b);
    }
}
