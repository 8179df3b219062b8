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
        ["enable"] = i => Change(i, "enable", (installer, names, options) => installer.Enable(names, options), keepPaths: true, hintWhenNoInstallInfo: true),
        ["reenable"] = i => Change(i, "reenable", (installer, names, options) => installer.Reenable(names, options), keepPaths: true, hintWhenNoInstallInfo: true),
        ["disable"] = i => Change(i, "disable", (installer, names, options) => installer.Disable(names, options), keepPaths: true),
        ["mask"] = i => Change(i, "mask", (installer, names, options) => installer.Mask(names, options)),
        ["unmask"] = i => Change(i, "unmask", (installer, names, options) => installer.Unmask(names, options)),
        ["link"] = i => Change(i, "link", (installer, names, options) => installer.Link(names, options), keepPaths: true),
        ["add-wants"] = i => AddDependency(i, ".wants"),
        ["add-requires"] = i => AddDependency(i, ".requires"),
        ["set-default"] = SetDefault,
        ["get-default"] = GetDefault,
        ["preset"] = i => Preset(i, i.Operands),
        ["preset-all"] = i => Preset(i, null),
        ["list-unit-files"] = ListUnitFilesVerb.Run,
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

    /// <summary>systemctl's name mangling for unit operands: a name without a unit suffix gets ".service".</summary>
    public static string Mangle(string operand)
    {
        if (UnitNames.Split(operand) is not null || operand.Contains('/') || Glob.IsPattern(operand))
        {
            return operand;
        }

        return operand + ".service";
    }

    private static InstallOptions Options(SystemctlInvocation invocation) =>
        new(invocation.Has("runtime"), invocation.Has("force"));

    private static int Change(SystemctlInvocation invocation, string verb, Func<UnitFileInstaller, IReadOnlyList<string>, InstallOptions, InstallResult> operation, bool keepPaths = false, bool hintWhenNoInstallInfo = false)
    {
        InstallTree tree = Tree(invocation);
        string[] names = [.. invocation.Operands.Select(o => keepPaths && o.Contains('/') ? o : Mangle(o))];
        InstallResult result = operation(new UnitFileInstaller(tree), names, Options(invocation));
        int status = new ChangePrinter(invocation.Context, tree.Paths, invocation.Has("quiet")).Print(result, verb);
        if (status == 0 && hintWhenNoInstallInfo && !result.CarriesInstallInfo && !invocation.Has("quiet"))
        {
            invocation.Context.Stderr.WriteLine(NoInstallInfoHint);
        }

        return status;
    }

    private static int AddDependency(SystemctlInvocation invocation, string suffix)
    {
        InstallTree tree = Tree(invocation);
        string target = Mangle(invocation.Operands[0]);
        string[] names = [.. invocation.Operands.Skip(1).Select(o => o.Contains('/') ? o : Mangle(o))];
        InstallResult result = new UnitFileInstaller(tree).AddDependency(target, names, suffix, Options(invocation));
        return new ChangePrinter(invocation.Context, tree.Paths, invocation.Has("quiet")).Print(result, "add dependency on");
    }

    private static int IsEnabled(SystemctlInvocation invocation)
    {
        var states = new UnitFileStates(Tree(invocation));
        bool enabled = false;
        foreach (string operand in invocation.Operands)
        {
            string name = Mangle(operand);
            UnitFileStateResult result = states.Get(name);
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

    private static int SetDefault(SystemctlInvocation invocation)
    {
        InstallTree tree = Tree(invocation);
        string name = invocation.Operands[0];
        name = UnitNames.Split(name) is null ? name + ".target" : name;
        InstallResult result = new UnitFileInstaller(tree).SetDefault(name);
        return new ChangePrinter(invocation.Context, tree.Paths, invocation.Has("quiet")).Print(result, "set default");
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

    private static bool IsBareTemplate(InstallTree tree, string name) =>
        UnitNames.IsTemplate(name) && tree.Discover(name).Install.DefaultInstance is null;

    private static int Preset(SystemctlInvocation invocation, IReadOnlyList<string>? operands)
    {
        InstallTree tree = Tree(invocation);
        PresetRules rules = PresetRules.Load(tree.FileSystem, tree.Paths.Scope);
        string mode = invocation.Last("preset-mode") ?? "full";
        if (mode is not ("full" or "enable-only" or "disable-only"))
        {
            invocation.Context.Stderr.WriteLine($"Failed to parse preset mode: {mode}.");
            return 1;
        }

        // preset-all passes over templates without a default instance: there is nothing to enable.
        IEnumerable<string> names = operands?.Select(Mangle) ?? tree.AllUnitFiles().Keys.Where(n =>
            new UnitFileStates(tree).Get(n).State is UnitFileState.Disabled or UnitFileState.Enabled or UnitFileState.EnabledRuntime or UnitFileState.Indirect
            && !IsBareTemplate(tree, n));
        var installer = new UnitFileInstaller(tree);
        var printer = new ChangePrinter(invocation.Context, tree.Paths, invocation.Has("quiet"));
        InstallOptions options = Options(invocation);
        var unique = names.Distinct(StringComparer.Ordinal).ToList();
        int status = 0;
        if (mode != "enable-only")
        {
            string[] toDisable = [.. unique.Where(n => rules.ActionFor(n) == PresetAction.Disable)];
            if (toDisable.Length > 0)
            {
                status |= printer.Print(installer.Disable(toDisable, options), "preset");
            }
        }

        if (mode != "disable-only")
        {
            string[] toEnable = [.. unique.Where(n => rules.ActionFor(n) == PresetAction.Enable)];
            if (toEnable.Length > 0)
            {
                InstallResult enabled = installer.Enable(toEnable, options);
                enabled.Forgive(InstallError.TemplateForNonTemplate);
                status |= printer.Print(enabled, "preset");
            }
        }

        return status;
    }
}
