namespace Steward.Manager.Loading;

/// <summary>
/// The special units of man systemd.special that every manager needs, for roots that do not ship
/// them (a bare temporary root, a container without systemd's unit files). A file of the same name
/// anywhere in the load path wins; these only fill the gap, like a last vendor directory.
/// </summary>
public static class BuiltinUnits
{
    /// <summary>The logical directory shown as their FragmentPath-less origin.</summary>
    public const string Origin = "(builtin)";

    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["-.slice"] = "[Unit]\nDescription=Root Slice\nDocumentation=man:systemd.special(7)\nDefaultDependencies=no\n",
        ["system.slice"] = "[Unit]\nDescription=System Slice\nDocumentation=man:systemd.special(7)\nDefaultDependencies=no\nBefore=slices.target\n",
        ["user.slice"] = "[Unit]\nDescription=User and Session Slice\nDocumentation=man:systemd.special(7)\n",
        ["slices.target"] = "[Unit]\nDescription=Slice Units\nDocumentation=man:systemd.special(7)\nWants=-.slice system.slice\nAfter=-.slice system.slice\n",
        ["sysinit.target"] = "[Unit]\nDescription=System Initialization\nDocumentation=man:systemd.special(7)\nConflicts=emergency.service emergency.target\nWants=local-fs.target swap.target\nAfter=local-fs.target swap.target emergency.service emergency.target\n",
        ["local-fs.target"] = "[Unit]\nDescription=Local File Systems\nDocumentation=man:systemd.special(7)\nDefaultDependencies=no\nConflicts=shutdown.target\n",
        ["swap.target"] = "[Unit]\nDescription=Swaps\nDocumentation=man:systemd.special(7)\n",
        ["sockets.target"] = "[Unit]\nDescription=Socket Units\nDocumentation=man:systemd.special(7)\n",
        ["timers.target"] = "[Unit]\nDescription=Timer Units\nDocumentation=man:systemd.special(7)\nDefaultDependencies=no\nConflicts=shutdown.target\n",
        ["paths.target"] = "[Unit]\nDescription=Path Units\nDocumentation=man:systemd.special(7)\n",
        ["basic.target"] = "[Unit]\nDescription=Basic System\nDocumentation=man:systemd.special(7)\nRequires=sysinit.target\nWants=sockets.target timers.target paths.target slices.target\nAfter=sysinit.target sockets.target paths.target slices.target\n",
        ["multi-user.target"] = "[Unit]\nDescription=Multi-User System\nDocumentation=man:systemd.special(7)\nRequires=basic.target\nConflicts=rescue.service rescue.target\nAfter=basic.target rescue.service rescue.target\nAllowIsolate=yes\n",
        ["graphical.target"] = "[Unit]\nDescription=Graphical Interface\nDocumentation=man:systemd.special(7)\nRequires=multi-user.target\nAfter=multi-user.target\nAllowIsolate=yes\n",
        ["rescue.target"] = "[Unit]\nDescription=Rescue Mode\nDocumentation=man:systemd.special(7)\nRequires=sysinit.target\nAfter=sysinit.target\nAllowIsolate=yes\n",
        ["emergency.target"] = "[Unit]\nDescription=Emergency Mode\nDocumentation=man:systemd.special(7)\nAllowIsolate=yes\n",
        ["shutdown.target"] = "[Unit]\nDescription=System Shutdown\nDocumentation=man:systemd.special(7)\nDefaultDependencies=no\nRefuseManualStart=yes\n",
        ["final.target"] = "[Unit]\nDescription=Late Shutdown Services\nDocumentation=man:systemd.special(7)\nDefaultDependencies=no\nRefuseManualStart=yes\nAfter=shutdown.target umount.target\n",
        ["exit.target"] = "[Unit]\nDescription=Exit the Container\nDocumentation=man:systemd.special(7)\nDefaultDependencies=no\nRequires=shutdown.target\nAfter=shutdown.target\nAllowIsolate=yes\n",
        ["poweroff.target"] = "[Unit]\nDescription=System Power Off\nDocumentation=man:systemd.special(7)\nDefaultDependencies=no\nRequires=shutdown.target\nAfter=shutdown.target\nAllowIsolate=yes\n",
        ["halt.target"] = "[Unit]\nDescription=System Halt\nDocumentation=man:systemd.special(7)\nDefaultDependencies=no\nRequires=shutdown.target\nAfter=shutdown.target\nAllowIsolate=yes\n",
        ["reboot.target"] = "[Unit]\nDescription=System Reboot\nDocumentation=man:systemd.special(7)\nDefaultDependencies=no\nRequires=shutdown.target\nAfter=shutdown.target\nAllowIsolate=yes\n",
        ["ctrl-alt-del.target"] = "[Unit]\nDescription=System Reboot\nDocumentation=man:systemd.special(7)\nDefaultDependencies=no\nRequires=shutdown.target\nAfter=shutdown.target\nAllowIsolate=yes\n",
        ["network.target"] = "[Unit]\nDescription=Network\nDocumentation=man:systemd.special(7)\n",
        ["network-online.target"] = "[Unit]\nDescription=Network is Online\nDocumentation=man:systemd.special(7)\nAfter=network.target\n",
        ["nss-lookup.target"] = "[Unit]\nDescription=Host and Network Name Lookups\nDocumentation=man:systemd.special(7)\n",
        ["time-sync.target"] = "[Unit]\nDescription=System Time Synchronized\nDocumentation=man:systemd.special(7)\n",
        ["remote-fs.target"] = "[Unit]\nDescription=Remote File Systems\nDocumentation=man:systemd.special(7)\n",
    };

    public static string? ContentOf(string name) => Files.GetValueOrDefault(name);

    /// <summary>Names that the manager treats as aliases of another unit when no file says otherwise.</summary>
    public static string? AliasTarget(string name) => name switch
    {
        "default.target" => "multi-user.target",
        "runlevel2.target" or "runlevel3.target" or "runlevel4.target" => "multi-user.target",
        "runlevel5.target" => "graphical.target",
        "runlevel1.target" => "rescue.target",
        "runlevel0.target" => "poweroff.target",
        "runlevel6.target" => "reboot.target",
        _ => null,
    };
}
