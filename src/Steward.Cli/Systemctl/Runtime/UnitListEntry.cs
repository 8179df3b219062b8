using Steward.Bus;

namespace Steward.Cli.Systemctl.Runtime;

/// <summary>One row of the manager's <c>ListUnits()</c> (also ListUnitsFiltered/ListUnitsByPatterns/ByNames), the
/// <c>(ssssssouso)</c> struct: name, description, load, active and sub state, the unit it follows, its object path,
/// and its job's id, type and path (0, "" and "/" without a job).</summary>
public sealed record UnitListEntry(
    string Name,
    string Description,
    string LoadState,
    string ActiveState,
    string SubState,
    string Following,
    ObjectPath UnitPath,
    uint JobId,
    string JobType,
    ObjectPath JobPath)
{
    /// <summary>The row from its D-Bus struct.</summary>
    public static UnitListEntry FromStruct(DBusStruct row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var f = row.Fields;
        return new UnitListEntry((string)f[0], (string)f[1], (string)f[2], (string)f[3], (string)f[4], (string)f[5],
            (ObjectPath)f[6], (uint)f[7], (string)f[8], (ObjectPath)f[9]);
    }
}

/// <summary>One row of <c>ListJobs()</c> (and of a Job's <c>GetAfter()</c>/<c>GetBefore()</c>), the <c>(usssoo)</c>
/// struct: id, unit, type, state, job path, unit path.</summary>
public sealed record JobListEntry(uint Id, string Unit, string Type, string State, ObjectPath JobPath, ObjectPath UnitPath)
{
    /// <summary>The row from its D-Bus struct.</summary>
    public static JobListEntry FromStruct(DBusStruct row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var f = row.Fields;
        return new JobListEntry((uint)f[0], (string)f[1], (string)f[2], (string)f[3], (ObjectPath)f[4], (ObjectPath)f[5]);
    }
}
