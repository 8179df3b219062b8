using System.Globalization;
using System.Text;

namespace Steward.Cli.Systemctl.Runtime;

/// <summary>The process tree under <c>CGroup:</c>: a unit's own processes first, then each sub-cgroup by name with
/// its processes indented below it.</summary>
internal static class CGroupTree
{
    public static void Append(StringBuilder s, string root, IReadOnlyList<UnitProcess> processes, string prefix)
    {
        AppendLevel(s, root.TrimEnd('/'), processes, prefix);
    }

    private static void AppendLevel(StringBuilder s, string cgroup, IReadOnlyList<UnitProcess> processes, string prefix)
    {
        var own = processes.Where(p => p.ControlGroup.TrimEnd('/') == cgroup).ToList();
        string under = cgroup + "/";
        var children = processes
            .Where(p => p.ControlGroup.StartsWith(under, StringComparison.Ordinal))
            .Select(p => p.ControlGroup[under.Length..].Split('/')[0])
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        int total = own.Count + children.Count, index = 0;
        foreach (UnitProcess p in own)
        {
            bool last = ++index == total;
            s.Append(prefix).Append(last ? "└─" : "├─").Append(p.Pid.ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(p.CommandLine).Append('\n');
        }

        foreach (string child in children)
        {
            bool last = ++index == total;
            s.Append(prefix).Append(last ? "└─" : "├─").Append(child).Append('\n');
            AppendLevel(s, under + child, processes, prefix + (last ? "  " : "│ "));
        }
    }
}
