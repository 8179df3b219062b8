namespace Steward.Units.Verification;

/// <summary>Unit names that exist for dependency hints: the files on the unit search path (under the root)
/// and the well-known special units of systemd.special(7).</summary>
public sealed class KnownUnits
{
    private static readonly string[] Special =
    [
        "-.mount", "-.slice", "app.slice", "background.slice", "basic.target", "blockdev@.target", "bluetooth.target",
        "boot-complete.target", "cryptsetup-pre.target", "cryptsetup.target", "ctrl-alt-del.target", "dbus.service",
        "dbus.socket", "default.target", "display-manager.service", "emergency.target", "exit.target", "factory-reset.target",
        "final.target", "first-boot-complete.target", "getty-pre.target", "getty.target", "graphical-session-pre.target",
        "graphical-session.target", "graphical.target", "halt.target", "hibernate.target", "hybrid-sleep.target", "init.scope",
        "initrd-fs.target", "initrd-root-device.target", "initrd-root-fs.target", "initrd-usr-fs.target", "initrd.target",
        "kbrequest.target", "kexec.target", "local-fs-pre.target", "local-fs.target", "machine.slice", "machines.target",
        "multi-user.target", "network-online.target", "network-pre.target", "network.target", "nss-lookup.target",
        "nss-user-lookup.target", "paths.target", "poweroff.target", "printer.target", "reboot.target",
        "remote-cryptsetup.target", "remote-fs-pre.target", "remote-fs.target", "remote-veritysetup.target", "rescue.target",
        "rpcbind.target", "runlevel2.target", "session.slice", "shutdown.target", "sigpwr.target", "sleep.target",
        "slices.target", "smartcard.target", "sockets.target", "sound.target", "suspend-then-hibernate.target",
        "suspend.target", "swap.target", "sysinit.target", "syslog.socket", "system-update-cleanup.service",
        "system-update-pre.target", "system-update.target", "system.slice", "time-set.target", "time-sync.target",
        "timers.target", "umount.target", "usb-gadget.target", "user.slice", "veritysetup-pre.target", "veritysetup.target",
        "xdg-desktop-autostart.target",
    ];

    private readonly HashSet<string> _names = new(Special, StringComparer.Ordinal);

    public KnownUnits(IEnumerable<string> directories)
    {
        foreach (string dir in directories)
        {
            if (!Directory.Exists(dir))
            {
                continue;
            }

            try
            {
                foreach (string file in Directory.EnumerateFileSystemEntries(dir))
                {
                    _names.Add(System.IO.Path.GetFileName(file));
                }
            }
            catch (IOException)
            {
                // An unreadable directory only costs suggestions.
            }
            catch (UnauthorizedAccessException)
            {
                // Same: hints are best effort.
            }
        }
    }

    public IReadOnlyCollection<string> Names => _names;

    public bool Contains(string name) => _names.Contains(name) || (TemplateOf(name) is { } t && _names.Contains(t));

    /// <summary>"foo@bar.service" → "foo@.service": an instance exists when its template does.</summary>
    private static string? TemplateOf(string name)
    {
        int at = name.IndexOf('@');
        int dot = name.LastIndexOf('.');
        return at > 0 && dot > at + 1 ? name[..(at + 1)] + name[dot..] : null;
    }
}
