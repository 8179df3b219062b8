using Steward.Install;
using Steward.Units.Loading;
using Steward.Units.Names;

namespace Steward.Cli.Systemctl.Install;

/// <summary><c>list-unit-files [PATTERN…]</c>: every unit file of the load path with its state and preset,
/// in systemctl 252's table.</summary>
public static class ListUnitFilesVerb
{
    public static int Run(SystemctlInvocation invocation)
    {
        InstallTree tree = InstallVerbs.Tree(invocation);
        var states = new UnitFileStates(tree);
        PresetRules presets = PresetRules.Load(tree.FileSystem, tree.Paths.Scope, tree.WarningSink);
        string[] types = Split(invocation, "type");
        string[] wantedStates = Split(invocation, "state");
        var rows = new List<(string Name, string State, string Preset)>();
        foreach (string name in tree.AllUnitFiles().Keys)
        {
            if (invocation.Operands.Count > 0 && !invocation.Operands.Any(p => Glob.Matches(p, name)))
            {
                continue;
            }

            // Patterns choose which files are read at all; the type and state filters apply afterwards,
            // so the files of other types are still read (and warned about), as systemctl does.
            UnitFileState state = states.Get(name).State ?? UnitFileState.Bad;
            if (types.Length > 0 && !types.Contains(UnitNames.Split(name)?.Suffix))
            {
                continue;
            }

            if (wantedStates.Length > 0 && !wantedStates.Contains(state.ToText()))
            {
                continue;
            }

            bool showPreset = state is not (UnitFileState.Alias or UnitFileState.Static or UnitFileState.Generated or UnitFileState.Transient);
            string preset = !showPreset ? "-" : presets.ActionFor(name) switch
            {
                PresetAction.Enable => "enabled",
                _ => "disabled",
            };
            rows.Add((name, state.ToText(), preset));
        }

        new ChangePrinter(invocation.Context, tree, quiet: true).PrintWarnings();

        // systemctl orders by unit type first, then by name, both ignoring case.
        rows.Sort((a, b) =>
        {
            int bySuffix = string.Compare(a.Name[a.Name.LastIndexOf('.')..], b.Name[b.Name.LastIndexOf('.')..], StringComparison.OrdinalIgnoreCase);
            return bySuffix != 0 ? bySuffix : string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase);
        });
        bool legend = !invocation.Has("no-legend") && invocation.Last("legend") is not ("no" or "false" or "0" or "off");
        int nameWidth = Math.Max("UNIT FILE".Length, rows.Count == 0 ? 0 : rows.Max(r => r.Name.Length));
        int stateWidth = Math.Max("STATE".Length, rows.Count == 0 ? 0 : rows.Max(r => r.State.Length));
        var output = invocation.Context.Stdout;
        if (legend)
        {
            output.WriteLine($"{"UNIT FILE".PadRight(nameWidth)} {"STATE".PadRight(stateWidth)} PRESET");
        }

        foreach ((string name, string state, string preset) in rows)
        {
            output.WriteLine($"{name.PadRight(nameWidth)} {state.PadRight(stateWidth)} {preset}");
        }

        if (legend)
        {
            output.WriteLine();
            output.WriteLine($"{rows.Count} unit files listed.");
        }

        // Like systemctl: listing nothing is a failure (ENOENT), with or without the legend.
        return rows.Count == 0 ? 1 : 0;
    }

    private static string[] Split(SystemctlInvocation invocation, string option) =>
        [.. invocation.CommandLine.Options.Where(o => o.Id == option).SelectMany(o => (o.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))];
}
