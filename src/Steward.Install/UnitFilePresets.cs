using Steward.Units.Loading;
using Steward.Units.Names;

namespace Steward.Install;

/// <summary>Which half of a preset to carry out (systemctl --preset-mode=).</summary>
public enum PresetMode
{
    Full,
    EnableOnly,
    DisableOnly,
}

/// <summary>
/// preset and preset-all: each unit is enabled or disabled as the preset policy says. Every unit is
/// checked first (a severed link stops everything; a masked unit the policy would enable is an
/// error, for preset-all one that is reported and passed over), aliases are left to their units,
/// then the units to disable are disabled and those to enable enabled — a template with the
/// instances its preset line lists.
/// </summary>
public sealed class UnitFilePresets
{
    private readonly InstallTree _tree;
    private readonly PresetRules _rules;

    public UnitFilePresets(InstallTree tree, PresetRules rules)
    {
        _tree = tree;
        _rules = rules;
    }

    public static PresetMode? ParseMode(string text) => text switch
    {
        "full" => PresetMode.Full,
        "enable-only" => PresetMode.EnableOnly,
        "disable-only" => PresetMode.DisableOnly,
        _ => null,
    };

    public InstallResult Preset(IEnumerable<string> names, PresetMode mode, InstallOptions options) => Apply(names, mode, options, all: false);

    public InstallResult PresetAll(PresetMode mode, InstallOptions options) => Apply(_tree.UnitFilesInLoadOrder(), mode, options, all: true);

    private InstallResult Apply(IEnumerable<string> names, PresetMode mode, InstallOptions options, bool all)
    {
        var result = new InstallResult();
        var toEnable = new List<string>();
        var toDisable = new List<string>();

        // The units named by Also= of units already taken in for enabling: systemctl takes each unit in
        // once, so one reached that way is not looked at again by its own preset line (not disabled,
        // not refused for being masked; enabling it later says it is masked, if it is).
        var reached = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names.Distinct(StringComparer.Ordinal))
        {
            if (name.Contains('/') || UnitNames.Split(name) is null)
            {
                result.Fail(InstallError.InvalidName, name);
                continue;
            }

            if (reached.Contains(name))
            {
                continue;
            }

            LocatedUnit located = _tree.Locator.Locate(name);
            switch (located.Error)
            {
                case LocateError.Dangling:
                    // systemctl gives up on the whole request here; preset-all reports nothing else.
                    InstallResult fatal = all ? new InstallResult() : result;
                    fatal.Fail(InstallError.LinkSevered, name);
                    return fatal;
                case LocateError.Loop when all:
                    FailPassingOver(result, InstallError.LinkedUnitName, name);
                    continue;
                case LocateError.Loop:
                    result.Fail(InstallError.Loop, name);
                    continue;
                case LocateError.NotFound or LocateError.NotAFile or LocateError.BadAlias:
                    result.Fail(InstallError.NotFound, name);
                    return result;
            }

            bool isAlias = located.FinalName is { } final && final != name;
            if (isAlias)
            {
                continue;
            }

            PresetRule? rule = _rules.Find(name);
            if (rule is null or { Action: PresetAction.Enable })
            {
                // A template whose rule lists instances is taken in through those instances, so it is
                // their masks that count, not the template's own.
                bool byInstances = UnitNames.IsTemplate(name) && rule is { Instances.Count: > 0 };
                if (all && located.Masked)
                {
                    result.Add(new InstallChange(InstallChangeKind.IsMasked, located.EntryPath!));
                }

                if (located.Masked && !byInstances)
                {
                    if (all)
                    {
                        FailPassingOver(result, InstallError.Masked, located.EntryPath!);
                    }
                    else
                    {
                        result.Fail(InstallError.Masked, located.EntryPath!);
                    }

                    continue;
                }

                if (all && located.FragmentPath is { } fragment && _tree.Paths.DirectoryOf(fragment) is { IsGenerated: true } or { Kind: SearchDirectoryKind.Transient })
                {
                    // Reported and passed over, so the units after it are still enabled in one pass.
                    FailPassingOver(result, InstallError.TransientOrGenerated, name);
                    continue;
                }

                IEnumerable<string> taken = byInstances && UnitNames.Split(name) is { } parts
                    ? rule!.Instances.Select(i => $"{parts.Prefix}@{i}.{parts.Suffix}")
                    : [name];
                foreach (string unit in taken)
                {
                    // The instances are taken in one by one; a masked one stops the rest of the list
                    // (preset-all reports it and goes on with the next unit).
                    if (byInstances && _tree.Locator.Locate(unit) is { Masked: true, EntryPath: { } mask })
                    {
                        if (all)
                        {
                            FailPassingOver(result, InstallError.Masked, mask);
                        }
                        else
                        {
                            result.Fail(InstallError.Masked, mask);
                        }

                        break;
                    }

                    toEnable.Add(unit);
                    reached.UnionWith(_tree.Discover(unit).Install.Also);
                }
            }
            else
            {
                // disable itself says when it passes over a masked unit.
                toDisable.Add(name);
            }
        }

        if (result.Failed)
        {
            return result;
        }

        var installer = new UnitFileInstaller(_tree);
        if (mode != PresetMode.EnableOnly && toDisable.Count > 0)
        {
            result.Append(installer.Disable(toDisable, options, followAlso: false));
        }

        if (mode != PresetMode.DisableOnly && toEnable.Count > 0)
        {
            // One pass over all the units taken in, in the order they were, and only then what their
            // Also= names: which of two units claiming one alias gets it follows from that order.
            InstallResult enabled = installer.Enable(toEnable, options);

            // A template the policy names without instances has nothing to enable: systemctl is silent.
            enabled.Forgive(InstallError.TemplateForNonTemplate);
            result.Append(enabled);
        }

        return result;
    }

    /// <summary>preset-all reports a unit it cannot take in (masked, or a name that loops) and goes on
    /// without failing; a failure while enabling what it took in (a template whose default instance
    /// is masked) still fails it.</summary>
    private static void FailPassingOver(InstallResult result, InstallError error, string subject)
    {
        result.Fail(error, subject);
        result.Excuse(result.Changes.Count - 1);
    }
}
