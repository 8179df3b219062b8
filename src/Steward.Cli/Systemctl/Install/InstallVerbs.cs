using Steward.Install;
using Steward.Units.Loading;
using Steward.Units.Names;

namespace Steward.Cli.Systemctl.Install;

/// <summary>The systemctl verbs that work on unit files without a manager. The work is done by
/// <see cref="UnitFileInstaller"/> and <see cref="UnitFileStates"/>; these map operands and options to
/// them and print what happened.</summary>
public static class InstallVerbs
{
    public static IReadOnlyDictionary<string, Func<SystemctlInvocation, int>> Handlers { get; } = new Dictionary<string, Func<SystemctlInvocation, int>>
    {
        ["is-enabled"] = IsEnabled,
        ["enable"] = i => Change(i, "enable", (installer, names, options) => installer.Enable(names, options), hintWhenNoInstallInfo: true),
        ["reenable"] = i => Change(i, "reenable", (installer, names, options) => installer.Reenable(names, options), hintWhenNoInstallInfo: true),
        ["disable"] = i => Change(i, "disable", (installer, names, options) => installer.Disable(names, options)),
        ["mask"] = i => Change(i, "mask", (installer, names, options) => installer.Mask(names, options)),
        ["unmask"] = i => Change(i, "unmask", (installer, names, options) => installer.Unmask(names, options)),
        ["link"] = i => Change(i, "link", (installer, names, options) => installer.Link(names, options)),
        ["revert"] = Revert,
        ["add-wants"] = i => AddDependency(i, ".wants"),
        ["add-requires"] = i => AddDependency(i, ".requires"),
        ["set-default"] = SetDefault,
        ["get-default"] = GetDefault,
        ["preset"] = i => Preset(i, i.Operands),
        ["preset-all"] = i => Preset(i, null),
        ["list-unit-files"] = ListUnitFilesVerb.Run,
        ["cat"] = CatVerb.Run,
    };

    private const string NoInstallInfoHint =
        """
        The unit files have no installation config (WantedBy=, RequiredBy=, Also=,
        Alias= settings in the [Install] section, and DefaultInstance= for template
        units). This means they are not meant to be enabled using systemctl.
         
        Possible reasons for having this kind of units are:
        • A unit may be statically enabled by being symlinked from another unit's
          .wants/ or .requires/ directory.
        • A unit's purpose may be to act as a helper for some other unit which has
          a requirement dependency on it.
        • A unit may be started when needed via activation (socket, path, timer,
          D-Bus, udev, scripted systemctl call, ...).
        • In case of template units, the unit is meant to be enabled with some
          instance name specified.
        """;

    public static UnitScope Scope(SystemctlInvocation invocation)
    {
        UnitScope scope = UnitScope.System;
        foreach (var option in invocation.CommandLine.Options)
        {
            scope = option.Id switch
            {
                "user" => UnitScope.User,
                "global" => UnitScope.Global,
                "system" => UnitScope.System,
                _ => scope,
            };
        }

        return scope;
    }

    public static InstallTree Tree(SystemctlInvocation invocation) =>
        new(UnitSearchPaths.For(Scope(invocation), invocation.Root, invocation.Context.Environment));

    private static InstallOptions Options(SystemctlInvocation invocation) =>
        new(invocation.Has("runtime"), invocation.Has("force"));

    private static int Change(SystemctlInvocation invocation, string verb, Func<UnitFileInstaller, IReadOnlyList<string>, InstallOptions, InstallResult> operation, bool hintWhenNoInstallInfo = false)
    {
        if (UnitOperands.Mangle(invocation.Context, invocation.Operands, $"to {verb}") is not { } names)
        {
            return 1;
        }

        InstallTree tree = Tree(invocation);
        if (SysvInstallHook.AppliesTo(verb))
        {
            if (SynchronizeSysv(invocation, tree, verb, names, out _) is not 0)
            {
                return 1;
            }

            if (names.Count == 0)
            {
                return 0;
            }
        }

        InstallResult result = operation(new UnitFileInstaller(tree), names, Options(invocation));
        int status = new ChangePrinter(invocation.Context, tree, invocation.Has("quiet")).Print(result, verb);
        if (status == 0 && hintWhenNoInstallInfo && !result.CarriesInstallInfo && !invocation.Has("quiet"))
        {
            invocation.Context.Stderr.WriteLine(NoInstallInfoHint);
        }

        return status;
    }

    private static int AddDependency(SystemctlInvocation invocation, string suffix)
    {
        if (UnitOperands.Mangle(invocation.Context, invocation.Operands.Take(1), "as dependency", ".target") is not [var target]
            || UnitOperands.Mangle(invocation.Context, invocation.Operands.Skip(1), "as dependency") is not { } names)
        {
            return 1;
        }

        InstallTree tree = Tree(invocation);
        InstallResult result = new UnitFileInstaller(tree).AddDependency(target, names, suffix, Options(invocation));
        return new ChangePrinter(invocation.Context, tree, invocation.Has("quiet")).Print(result, "add dependency on");
    }

    private static int Revert(SystemctlInvocation invocation)
    {
        if (UnitOperands.Mangle(invocation.Context, invocation.Operands, "to revert") is not { } names)
        {
            return 1;
        }

        // Only names can be reverted: a path has no vendor version to go back to.
        if (names.Exists(n => n.Contains('/')))
        {
            invocation.Context.Stderr.WriteLine("Failed to revert: Invalid argument.");
            return 1;
        }

        InstallTree tree = Tree(invocation);
        InstallResult result = new UnitFileReverter(tree).Revert(names);
        return new ChangePrinter(invocation.Context, tree, invocation.Has("quiet")).Print(result, "revert");
    }

    private static int IsEnabled(SystemctlInvocation invocation)
    {
        if (UnitOperands.Mangle(invocation.Context, invocation.Operands, "to check") is not { } names)
        {
            return 1;
        }

        InstallTree tree = Tree(invocation);
        SynchronizeSysv(invocation, tree, "is-enabled", names, out bool enabled);
        var states = new UnitFileStates(tree);
        var warnings = new ChangePrinter(invocation.Context, tree, quiet: true);
        foreach (string name in names)
        {
            UnitFileStateResult result = states.Get(name);
            warnings.PrintWarnings();
            if (result.State is not { } state)
            {
                invocation.Context.Stderr.WriteLine($"Failed to get unit file state for {name}: {result.ErrorText}");
                return 1;
            }

            enabled |= state.CountsAsEnabled();
            if (!invocation.Has("quiet"))
            {
                invocation.Context.Stdout.WriteLine(state.ToText());
            }
        }

        return enabled ? 0 : 1;
    }

    /// <summary>
    /// Hands services with a SysV init script to systemd-sysv-install, as systemctl does: the script's
    /// state follows the native unit's, and a service that has only a script is handled by the helper
    /// alone (it is taken out of <paramref name="names"/>). For is-enabled the helper's verdict is
    /// printed; <paramref name="enabled"/> says whether any script is enabled.
    /// </summary>
    /// <returns>The first failing helper's status (non-zero), or 0.</returns>
    private static int SynchronizeSysv(SystemctlInvocation invocation, InstallTree tree, string verb, List<string> names, out bool enabled)
    {
        enabled = false;
        var hook = new SysvInstallHook(tree);
        var context = invocation.Context;
        bool quiet = invocation.Has("quiet");
        foreach (string name in names.ToList())
        {
            if (hook.Find(name) is not { } service || (service.HasNativeUnit && verb == "is-enabled"))
            {
                continue;
            }

            if (!service.HasNativeUnit)
            {
                names.Remove(name);
            }

            if (!quiet)
            {
                context.Stderr.WriteLine(service.HasNativeUnit
                    ? $"Synchronizing state of {name} with SysV service script with {SysvInstallHook.HelperPath}."
                    : $"{name} is not a native service, redirecting to systemd-sysv-install.");
                context.Stderr.WriteLine("Executing: " + string.Join(' ', hook.CommandLine(verb, service)));
            }

            // The helper writes to the same streams: what is buffered goes first.
            context.Flush();
            int status = hook.Run(verb, service);
            if (verb == "is-enabled")
            {
                enabled |= status == 0;
                if (!quiet)
                {
                    context.Stdout.WriteLine(status == 0 ? "enabled" : "disabled");
                }
            }
            else if (status != 0)
            {
                return status;
            }
        }

        return 0;
    }

    private static int SetDefault(SystemctlInvocation invocation)
    {
        if (UnitOperands.Mangle(invocation.Context, invocation.Operands, "set-default", ".target") is not [var name])
        {
            return 1;
        }

        InstallTree tree = Tree(invocation);
        InstallResult result = new UnitFileInstaller(tree).SetDefault(name);
        return new ChangePrinter(invocation.Context, tree, invocation.Has("quiet")).Print(result, "set default");
    }

    private static int GetDefault(SystemctlInvocation invocation)
    {
        InstallTree tree = Tree(invocation);
        LocatedUnit located = tree.Locator.Locate("default.target");
        if (!located.Found || located.Masked)
        {
            invocation.Context.Stderr.WriteLine(located.Masked ? "Failed to get default target: Unit file is masked." : "Failed to get default target: No such file or directory");
            return 1;
        }

        invocation.Context.Stdout.WriteLine(located.FinalName ?? "default.target");
        return 0;
    }

    private static int Preset(SystemctlInvocation invocation, IReadOnlyList<string>? operands)
    {
        List<string>? named = null;
        if (operands is not null && (named = UnitOperands.Mangle(invocation.Context, operands, "to preset")) is null)
        {
            return 1;
        }

        if (UnitFilePresets.ParseMode(invocation.Last("preset-mode") ?? "full") is not { } mode)
        {
            invocation.Context.Stderr.WriteLine($"Failed to parse preset mode: {invocation.Last("preset-mode")}.");
            return 1;
        }

        InstallTree tree = Tree(invocation);
        var presets = new UnitFilePresets(tree, PresetRules.Load(tree.FileSystem, tree.Paths.Scope, tree.WarningSink));
        InstallResult result = named is null ? presets.PresetAll(mode, Options(invocation)) : presets.Preset(named, mode, Options(invocation));
        return new ChangePrinter(invocation.Context, tree, invocation.Has("quiet")).Print(result, "preset");
    }
}
