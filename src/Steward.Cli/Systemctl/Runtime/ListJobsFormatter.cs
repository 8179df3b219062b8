using System.Globalization;
using System.Text;
using Steward.Units.Names;

namespace Steward.Cli.Systemctl.Runtime;

/// <summary>A job of <c>ListJobs()</c> with, for <c>--after</c>/<c>--before</c>, the jobs its Job object's
/// <c>GetAfter()</c> or <c>GetBefore()</c> returned.</summary>
public sealed record JobWithRelations(JobListEntry Job, IReadOnlyList<JobListEntry> Related);

/// <summary>Which related jobs list-jobs shows under each job.</summary>
public enum JobRelation
{
    /// <summary>None (plain list-jobs).</summary>
    None,

    /// <summary><c>--after</c>: the jobs ordered after this one, which it is "blocking" (Job.GetAfter()).</summary>
    After,

    /// <summary><c>--before</c>: the jobs ordered before this one, which it is "waiting for" (Job.GetBefore()).</summary>
    Before,
}

/// <summary><c>systemctl list-jobs</c>: JOB UNIT TYPE STATE rows in the manager's order.</summary>
public static class ListJobsFormatter
{
    /// <summary>The whole output. <paramref name="patterns"/> are globs on the unit name (empty: all).</summary>
    public static string Format(IEnumerable<JobWithRelations> jobs, JobRelation relation, IReadOnlyCollection<string>? patterns = null, bool noLegend = false)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var shown = jobs.Where(j => patterns is not { Count: > 0 } || patterns.Any(p => Glob.Matches(p, j.Job.Unit))).ToList();
        if (shown.Count == 0)
        {
            return noLegend ? "" : "No jobs running.\n";
        }

        string word = relation == JobRelation.After ? "blocking job" : "waiting for job";
        var table = new List<IReadOnlyList<string>>();
        if (!noLegend)
        {
            table.Add(["JOB", "UNIT", "TYPE", "STATE"]);
        }

        foreach (JobWithRelations j in shown)
        {
            table.Add([j.Job.Id.ToString(CultureInfo.InvariantCulture), j.Job.Unit, j.Job.Type, j.Job.State]);
            if (relation == JobRelation.None)
            {
                continue;
            }

            for (int i = 0; i < j.Related.Count; i++)
            {
                JobListEntry r = j.Related[i];
                string branch = i == j.Related.Count - 1 ? "└─" : "├─";
                table.Add([branch, $"\t{word} {r.Id.ToString(CultureInfo.InvariantCulture)} ({r.Unit}/{r.Type})", "-", "-"]);
            }
        }

        int[] widths = TextTable.Widths(table, 4);
        var s = new StringBuilder();
        foreach (var row in table)
        {
            TextTable.AppendRow(s, row, widths);
        }

        if (!noLegend)
        {
            s.Append('\n').Append(shown.Count.ToString(CultureInfo.InvariantCulture)).Append(" jobs listed.\n");
        }

        return s.ToString();
    }
}
