using Steward.Cli.Hosting;
using Steward.Install;
using Steward.Units.Loading;

namespace Steward.Cli.Systemctl.Install;

/// <summary>Prints an install operation's changes on stderr as systemctl 252 does, paths with the root.</summary>
public sealed class ChangePrinter
{
    private readonly ToolContext _context;
    private readonly InstallTree _tree;
    private readonly UnitSearchPaths _paths;
    private readonly bool _quiet;
    private int _warningsPrinted;

    public ChangePrinter(ToolContext context, InstallTree tree, bool quiet)
    {
        _context = context;
        _tree = tree;
        _paths = tree.Paths;
        _quiet = quiet;
    }

    /// <summary>Prints what reading the tree warned about since the last call (systemctl logs these as
    /// it reads, before it changes anything; -q does not silence them).</summary>
    public void PrintWarnings()
    {
        for (; _warningsPrinted < _tree.Warnings.Count; _warningsPrinted++)
        {
            _context.Stderr.WriteLine(_tree.Warnings[_warningsPrinted].ToString());
        }
    }

    /// <summary>Prints the changes; returns the exit status (1 when anything failed).</summary>
    public int Print(InstallResult result, string verb)
    {
        PrintWarnings();
        string arrow = LocaleIsUtf8(_context.Environment) ? "→" : "->";
        foreach (InstallChange change in result.Changes)
        {
            string path = _paths.Physical(change.Path);
            switch (change.Kind)
            {
                case InstallChangeKind.Symlink when !_quiet:
                    _context.Stderr.WriteLine($"Created symlink {path} {arrow} {change.Source}.");
                    break;
                case InstallChangeKind.Unlink when !_quiet:
                    _context.Stderr.WriteLine($"Removed \"{path}\".");
                    break;
                case InstallChangeKind.IsMasked when !_quiet:
                    _context.Stderr.WriteLine($"Unit {path} is masked, ignoring.");
                    break;
                case InstallChangeKind.DestinationNotPresent when !_quiet:
                    _context.Stderr.WriteLine($"Unit {path} is added as a dependency to a non-existent unit {change.Source}.");
                    break;
                case InstallChangeKind.AliasToMissing when !_quiet:
                    _context.Stderr.WriteLine($"Unit {path} is an alias to a unit that is not present, ignoring.");
                    break;
                case InstallChangeKind.AuxiliaryFailed when !_quiet:
                    _context.Stderr.WriteLine($"Failed to enable auxiliary unit {change.Path}, ignoring.");
                    break;
                case InstallChangeKind.UnitNotFound:
                    _context.Stderr.WriteLine($"Failed to {verb} unit, unit {change.Path} does not exist.");
                    break;
                case InstallChangeKind.Error:
                    _context.Stderr.WriteLine(FailureText(change.Failure!, verb));
                    break;
            }
        }

        return result.Failed ? 1 : 0;
    }

    private string FailureText(InstallFailure failure, string verb)
    {
        string physical = _paths.Physical(failure.Subject);
        return failure.Error switch
        {
            InstallError.Exists when failure.Detail is not null => $"Failed to {verb} unit, file \"{physical}\" already exists and is a symlink to \"{failure.Detail}\".",
            InstallError.Exists => $"Failed to {verb} unit, file \"{physical}\" already exists.",
            InstallError.Masked => $"Failed to {verb} unit, unit {physical} is masked.",
            InstallError.NotFound => $"Failed to {verb} unit, unit {failure.Subject} does not exist.",
            InstallError.TransientOrGenerated => $"Failed to {verb} unit, unit {failure.Subject} is transient or generated.",
            InstallError.InLoadPath => $"Failed to {verb} unit, file {physical} is under the systemd unit hierarchy already.",
            InstallError.TemplateForNonTemplate => $"Failed to {verb} {failure.Subject}, destination unit {failure.Detail} is a non-template unit.",
            InstallError.InvalidName => $"Failed to {verb} unit, \"{failure.Subject}\" is not a valid unit name.",
            InstallError.LinkSevered => $"Failed to {verb} unit, file \"{failure.Subject}\": Link has been severed",
            // A unit name is shown as it is, a link's path with the root.
            InstallError.LinkedUnitName or InstallError.LinkedUnitFile =>
                $"Failed to {verb} unit, refusing to operate on linked unit file {(failure.Subject.StartsWith('/') ? physical : failure.Subject)}.",
            InstallError.Loop => $"Failed to {verb} unit, unit {failure.Subject}: Too many levels of symbolic links.",
            InstallError.InvalidSpecifier => $"Failed to {verb} unit, invalid specifier in \"{failure.Subject}\".",
            _ => $"Failed to {verb} unit, file \"{physical}\": {failure.Detail}.",
        };
    }

    /// <summary>systemd draws arrows in UTF-8 unless the locale says otherwise: an unset locale counts as
    /// UTF-8, an explicit C/POSIX or other non-UTF-8 locale does not; SYSTEMD_UTF8 overrides.</summary>
    public static bool LocaleIsUtf8(Func<string, string?> environment)
    {
        if (environment("SYSTEMD_UTF8") is { Length: > 0 } forced)
        {
            return forced is "1" or "yes" or "y" or "true" or "t" or "on";
        }

        string? locale = new[] { "LC_ALL", "LC_CTYPE", "LANG" }.Select(environment).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        if (locale is null)
        {
            return true;
        }

        string lower = locale.ToLowerInvariant();
        return lower.Contains("utf-8", StringComparison.Ordinal) || lower.Contains("utf8", StringComparison.Ordinal);
    }
}
