using Steward.Manager.Definitions;
using Steward.Units.Directives;
using Steward.Units.Loading;
using Steward.Units.Names;
using Steward.Units.Syntax;

namespace Steward.Manager.Loading;

/// <summary>
/// Applies the assignments of a unit file and its drop-ins, in order, to a <see cref="UnitDefinition"/>.
/// Bad values are reported as systemd reports them ("file:line: Failed to parse …, ignoring.") and
/// skipped; settings Steward cannot honour here are listed once so the manager can say so.
/// </summary>
internal sealed class SettingsReader
{
    private static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal)
    {
        "PrivateTmp", "PrivateDevices", "PrivateNetwork", "PrivateUsers", "PrivateMounts", "PrivateIPC", "ProtectSystem",
        "ProtectHome", "ProtectKernelTunables", "ProtectKernelModules", "ProtectKernelLogs", "ProtectControlGroups",
        "ProtectClock", "ProtectHostname", "ProtectProc", "ReadOnlyPaths", "ReadWritePaths", "InaccessiblePaths", "BindPaths",
        "BindReadOnlyPaths", "TemporaryFileSystem", "SystemCallFilter", "SystemCallArchitectures", "SystemCallErrorNumber",
        "RestrictAddressFamilies", "RestrictNamespaces", "CapabilityBoundingSet", "AmbientCapabilities", "MemoryDenyWriteExecute",
        "LockPersonality", "RestrictRealtime", "RestrictSUIDSGID", "DynamicUser", "PAMName", "DeviceAllow", "DevicePolicy",
        "IPAddressAllow", "IPAddressDeny", "MemoryMax", "MemoryHigh", "CPUQuota", "CPUWeight", "IOWeight", "TasksMax",
        "AppArmorProfile", "SELinuxContext", "RootImage", "MountFlags", "TTYPath", "BusName", "Sockets", "OOMPolicy",
    };

    private readonly UnitDefinition _definition;
    private readonly Specifiers _specifiers;
    private readonly HashSet<string> _reportedUnsupported = new(StringComparer.Ordinal);
    private bool _badSetting;

    public SettingsReader(UnitDefinition definition, Specifiers specifiers)
    {
        _definition = definition;
        _specifiers = specifiers;
    }

    public void Apply(UnitFile file)
    {
        string? typeSection = DirectiveTable.TypeSection(_definition.Suffix);
        foreach (UnitSection section in file.Sections)
        {
            foreach (Assignment assignment in section.Assignments)
            {
                var at = new Location(file.Path, assignment.EndLine, section.Name, assignment.Key);
                if (section.Name == "Unit")
                {
                    ApplyUnit(assignment, at);
                }
                else if (section.Name == "Install" || section.Name.StartsWith("X-", StringComparison.Ordinal))
                {
                    // [Install] belongs to the install layer; X- sections are for other programs.
                }
                else if (section.Name == typeSection)
                {
                    if (typeSection == "Service")
                    {
                        ApplyService(assignment, at);
                    }
                    else
                    {
                        CheckKnown(assignment, at);
                    }
                }
                else
                {
                    _definition.Messages.Add($"{file.Path}:{section.Line}: Unknown section '{section.Name}'. Ignoring.");
                    break;
                }
            }
        }
    }

    /// <summary>The load state once every file is read: checks that need the whole unit.</summary>
    public UnitLoadState Finish()
    {
        if (_definition.Service is null && _definition.Suffix == "service")
        {
            _definition.Service = new ServiceDefinition();
        }

        if (_definition.Service is { } service)
        {
            IReadOnlyList<ExecCommand> start = service.CommandsOf("ExecStart");
            if (!service.TypeSet)
            {
                service.Type = start.Count == 0 ? ServiceType.Oneshot : ServiceType.Simple;
            }

            if (start.Count == 0 && service.CommandsOf("ExecStop").Count == 0)
            {
                return Bad("Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.");
            }

            if (start.Count == 0 && service.Type != ServiceType.Oneshot && !service.RemainAfterExit)
            {
                return Bad("Service has no ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.");
            }

            if (start.Count > 1 && service.Type != ServiceType.Oneshot)
            {
                return Bad("Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.");
            }

            if (service.Type == ServiceType.Oneshot && service.Restart is not (RestartPolicy.No or RestartPolicy.OnFailure or RestartPolicy.OnAbnormal or RestartPolicy.OnWatchdog or RestartPolicy.OnAbort))
            {
                return Bad("Service has Restart= set to either always or on-success, which isn't allowed for Type=oneshot services. Refusing.");
            }

            if (!service.NotifyAccessSet && service.Type == ServiceType.Notify)
            {
                service.NotifyAccess = NotifyAccess.Main;
            }
        }

        return _badSetting ? UnitLoadState.BadSetting : UnitLoadState.Loaded;
    }

    private UnitLoadState Bad(string message)
    {
        _definition.Messages.Add($"{_definition.Id}: {message}");
        _definition.LoadError = message;
        return UnitLoadState.BadSetting;
    }

    private readonly record struct Location(string File, int Line, string Section, string Key)
    {
        public string Prefix => $"{File}:{Line}";
    }

    private void Warn(Location at, string message) => _definition.Messages.Add($"{at.Prefix}: {message}");

    private void Invalid(Location at, string what, string value) =>
        Warn(at, $"Failed to parse {what}, ignoring: {value}");

    private string? Expand(Location at, string value)
    {
        string? expanded = _specifiers.Expand(value, out string? error);
        if (expanded is null)
        {
            Warn(at, $"Failed to resolve specifiers in {value}, ignoring: {error}");
        }

        return expanded;
    }

    private void CheckKnown(Assignment assignment, Location at)
    {
        if (DirectiveTable.Find(at.Section, assignment.Key) is null)
        {
            Warn(at, $"Unknown key name '{assignment.Key}' in section '{at.Section}', ignoring.");
        }
        else if (Unsupported.Contains(assignment.Key) && _reportedUnsupported.Add(assignment.Key))
        {
            _definition.Messages.Add($"{_definition.Id}: {assignment.Key}= is not supported by Steward on this system, ignoring.");
        }
    }

    private void ApplyUnit(Assignment a, Location at)
    {
        string value = a.Value;
        if (a.Key.StartsWith("Condition", StringComparison.Ordinal) || a.Key.StartsWith("Assert", StringComparison.Ordinal))
        {
            ApplyCondition(a, at);
            return;
        }

        if (Enum.TryParse(a.Key, out DependencyKind kind) && DependencyKinds.Settable.Contains(kind))
        {
            ApplyDependency(kind, value, at);
            return;
        }

        switch (a.Key)
        {
            case "Description":
                _definition.Description = Expand(at, value) ?? _definition.Description;
                break;
            case "Documentation":
                if (value.Length == 0)
                {
                    _definition.Documentation.Clear();
                }
                else if (ValueWords.Split(value, out _) is { } docs)
                {
                    _definition.Documentation.AddRange(docs.Select(d => Expand(at, d) ?? d));
                }

                break;
            case "DefaultDependencies":
                SetBool(at, value, v => _definition.DefaultDependencies = v);
                break;
            case "StopWhenUnneeded":
                SetBool(at, value, v => _definition.StopWhenUnneeded = v);
                break;
            case "RefuseManualStart":
                SetBool(at, value, v => _definition.RefuseManualStart = v);
                break;
            case "RefuseManualStop":
                SetBool(at, value, v => _definition.RefuseManualStop = v);
                break;
            case "AllowIsolate":
                SetBool(at, value, v => _definition.AllowIsolate = v);
                break;
            case "IgnoreOnIsolate":
                SetBool(at, value, v => _definition.IgnoreOnIsolate = v);
                break;
            case "StartLimitIntervalSec":
            case "StartLimitInterval":
                SetSeconds(at, value, v => _definition.StartLimitIntervalUSec = v);
                break;
            case "StartLimitBurst":
                if (uint.TryParse(value, out uint burst))
                {
                    _definition.StartLimitBurst = burst;
                }
                else
                {
                    Invalid(at, a.Key, value);
                }

                break;
            case "JobTimeoutSec":
                if (ValueReaders.Timeout(value) is { } timeout)
                {
                    _definition.JobTimeoutUSec = timeout;
                }
                else
                {
                    Invalid(at, a.Key, value);
                }

                break;
            default:
                CheckKnown(a, at);
                break;
        }
    }

    private void ApplyCondition(Assignment a, Location at)
    {
        if (DirectiveTable.Find("Unit", a.Key) is null)
        {
            Warn(at, $"Unknown key name '{a.Key}' in section 'Unit', ignoring.");
            return;
        }

        if (a.Value.Length == 0)
        {
            _definition.Conditions.RemoveAll(c => c.Name.StartsWith(a.Key.StartsWith("Assert", StringComparison.Ordinal) ? "Assert" : "Condition", StringComparison.Ordinal));
            return;
        }

        string text = a.Value;
        bool triggering = false, negated = false;
        if (text.StartsWith('|'))
        {
            triggering = true;
            text = text[1..].TrimStart();
        }

        if (text.StartsWith('!'))
        {
            negated = true;
            text = text[1..].TrimStart();
        }

        if (Expand(at, text) is { } expanded)
        {
            _definition.Conditions.Add(new UnitCondition(a.Key, triggering, negated, expanded));
        }
    }

    private void ApplyDependency(DependencyKind kind, string value, Location at)
    {
        IReadOnlyList<string>? words = ValueWords.Split(value, out _);
        if (words is null)
        {
            Invalid(at, at.Key, value);
            return;
        }

        foreach (string word in words)
        {
            string? name = Expand(at, word);
            if (name is null)
            {
                continue;
            }

            if (UnitNames.Split(name) is not { Instance: not "" } parts || !UnitNames.IsValidSuffix(parts.Suffix))
            {
                Warn(at, $"Failed to add dependency on {name}, ignoring: Invalid argument");
                continue;
            }

            _definition.AddDependency(kind, name);
        }
    }

    private ServiceDefinition Service => _definition.Service ??= new ServiceDefinition();

    private void ApplyService(Assignment a, Location at)
    {
        ServiceDefinition s = Service;
        ExecContextDefinition c = s.Context;
        string value = a.Value;
        switch (a.Key)
        {
            case "Type":
                if (ParseEnum<ServiceType>(value) is { } type)
                {
                    s.Type = type;
                    s.TypeSet = true;
                }
                else
                {
                    Warn(at, $"Failed to parse service type, ignoring: {value}");
                }

                break;
            case "ExecCondition" or "ExecStartPre" or "ExecStart" or "ExecStartPost" or "ExecReload" or "ExecStop" or "ExecStopPost":
                ApplyCommand(s, a.Key, value, at);
                break;
            case "Restart":
                if (ParseEnum<RestartPolicy>(value) is { } restart)
                {
                    s.Restart = restart;
                }
                else
                {
                    Warn(at, $"Failed to parse service restart specifier, ignoring: {value}");
                }

                break;
            case "RestartSec":
                SetSeconds(at, value, v => s.RestartUSec = v);
                break;
            case "TimeoutSec":
                SetTimeout(at, value, v =>
                {
                    s.TimeoutStartUSec = v;
                    s.TimeoutStopUSec = v;
                });
                break;
            case "TimeoutStartSec":
                SetTimeout(at, value, v => s.TimeoutStartUSec = v);
                break;
            case "TimeoutStopSec":
                SetTimeout(at, value, v => s.TimeoutStopUSec = v);
                break;
            case "TimeoutAbortSec":
                SetTimeout(at, value, v => s.TimeoutAbortUSec = v);
                break;
            case "RuntimeMaxSec":
                SetTimeout(at, value, v => s.RuntimeMaxUSec = v);
                break;
            case "WatchdogSec":
                SetSeconds(at, value, v => s.WatchdogUSec = v);
                break;
            case "RemainAfterExit":
                SetBool(at, value, v => s.RemainAfterExit = v);
                break;
            case "GuessMainPID":
                SetBool(at, value, v => s.GuessMainPid = v);
                break;
            case "PIDFile":
                s.PidFile = value.Length == 0 ? null : Expand(at, value);
                break;
            case "SuccessExitStatus":
                ApplyExitStatuses(s.SuccessExitStatus, value, at);
                break;
            case "RestartPreventExitStatus":
                ApplyExitStatuses(s.RestartPreventExitStatus, value, at);
                break;
            case "RestartForceExitStatus":
                ApplyExitStatuses(s.RestartForceExitStatus, value, at);
                break;
            case "NotifyAccess":
                if (ParseEnum<NotifyAccess>(value) is { } access)
                {
                    s.NotifyAccess = access;
                    s.NotifyAccessSet = true;
                }
                else
                {
                    Warn(at, $"Failed to parse notify access specifier, ignoring: {value}");
                }

                break;
            case "KillMode":
                if (ParseEnum<KillMode>(value) is { } mode)
                {
                    s.KillMode = mode;
                }
                else
                {
                    Warn(at, $"Failed to parse kill mode specification, ignoring: {value}");
                }

                break;
            case "KillSignal":
                SetSignal(at, value, v => s.KillSignal = v);
                break;
            case "RestartKillSignal":
                SetSignal(at, value, v => s.RestartKillSignal = v);
                break;
            case "FinalKillSignal":
                SetSignal(at, value, v => s.FinalKillSignal = v);
                break;
            case "SendSIGKILL":
                SetBool(at, value, v => s.SendSigkill = v);
                break;
            case "SendSIGHUP":
                SetBool(at, value, v => s.SendSighup = v);
                break;
            case "User":
                c.User = value.Length == 0 ? null : Expand(at, value);
                break;
            case "Group":
                c.Group = value.Length == 0 ? null : Expand(at, value);
                break;
            case "SupplementaryGroups":
                SetList(c.SupplementaryGroups, value, at);
                break;
            case "WorkingDirectory":
                c.WorkingDirectoryMissingOk = value.StartsWith('-');
                c.WorkingDirectory = value.Length == 0 ? null : Expand(at, value.TrimStart('-'));
                break;
            case "RootDirectory":
                c.RootDirectory = value.Length == 0 ? null : Expand(at, value);
                break;
            case "Environment":
                ApplyEnvironment(c, value, at);
                break;
            case "EnvironmentFile":
                if (value.Length == 0)
                {
                    c.EnvironmentFiles.Clear();
                }
                else if (Expand(at, value) is { } file)
                {
                    c.EnvironmentFiles.Add(file);
                }

                break;
            case "PassEnvironment":
                SetList(c.PassEnvironment, value, at);
                break;
            case "UnsetEnvironment":
                SetList(c.UnsetEnvironment, value, at);
                break;
            case "UMask":
                if (ValueReaders.Octal(value) is { } umask)
                {
                    c.UMask = umask;
                }
                else
                {
                    Invalid(at, "UMask", value);
                }

                break;
            case "Nice":
                if (int.TryParse(value, out int nice) && nice is >= -20 and <= 19)
                {
                    c.Nice = nice;
                }
                else
                {
                    Warn(at, $"Failed to parse nice priority '{value}', ignoring: Numerical result out of range");
                }

                break;
            case "OOMScoreAdjust":
                if (int.TryParse(value, out int oom) && oom is >= -1000 and <= 1000)
                {
                    c.OomScoreAdjust = oom;
                }
                else
                {
                    Invalid(at, "the OOM score adjust value", value);
                }

                break;
            case "NoNewPrivileges":
                SetBool(at, value, v => c.NoNewPrivileges = v);
                break;
            case "StandardInput":
                c.StandardInput = value.Length == 0 ? "null" : value;
                break;
            case "StandardOutput":
                c.StandardOutput = value.Length == 0 ? "journal" : value;
                break;
            case "StandardError":
                c.StandardError = value.Length == 0 ? "inherit" : value;
                break;
            case "SyslogIdentifier":
                c.SyslogIdentifier = value.Length == 0 ? null : Expand(at, value);
                break;
            case "RuntimeDirectory" or "StateDirectory" or "CacheDirectory" or "LogsDirectory" or "ConfigurationDirectory":
                if (!c.Directories.TryGetValue(a.Key, out List<string>? directories))
                {
                    directories = [];
                    c.Directories[a.Key] = directories;
                }

                SetList(directories, value, at);
                break;
            case "RuntimeDirectoryMode" or "StateDirectoryMode" or "CacheDirectoryMode" or "LogsDirectoryMode" or "ConfigurationDirectoryMode":
                if (ValueReaders.Octal(value) is { } directoryMode)
                {
                    c.DirectoryModes[a.Key[..^4]] = directoryMode;
                }
                else
                {
                    Invalid(at, a.Key, value);
                }

                break;
            case "RuntimeDirectoryPreserve":
                c.RuntimeDirectoryPreserve = value;
                break;
            default:
                if (a.Key.StartsWith("Limit", StringComparison.Ordinal) && DirectiveTable.Find("Service", a.Key) is not null)
                {
                    c.Limits[a.Key] = value;
                }
                else
                {
                    CheckKnown(a, at);
                }

                break;
        }
    }

    private void ApplyCommand(ServiceDefinition s, string key, string value, Location at)
    {
        if (!s.Commands.TryGetValue(key, out List<ExecCommand>? list))
        {
            list = [];
            s.Commands[key] = list;
        }

        if (value.Trim().Length == 0)
        {
            list.Clear();
            return;
        }

        ExecCommand? command = ExecCommand.Parse(value, out string? error);
        if (command is null)
        {
            Warn(at, $"{error}, ignoring: {value}");
            _badSetting |= key == "ExecStart";
            return;
        }

        var arguments = new List<string>(command.Arguments.Count);
        foreach (string argument in command.Arguments)
        {
            string? expanded = Expand(at, argument);
            if (expanded is null)
            {
                return;
            }

            arguments.Add(expanded);
        }

        string? path = Expand(at, command.Path);
        if (path is null)
        {
            return;
        }

        list.Add(command with { Path = path, Arguments = arguments });
    }

    private void ApplyEnvironment(ExecContextDefinition c, string value, Location at)
    {
        if (value.Length == 0)
        {
            c.Environment.Clear();
            return;
        }

        IReadOnlyList<string>? words = ValueWords.Split(value, out _);
        if (words is null)
        {
            Invalid(at, "environment assignment", value);
            return;
        }

        foreach (string word in words)
        {
            int equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                Warn(at, $"Invalid environment assignment, ignoring: {word}");
                continue;
            }

            if (Expand(at, word) is { } expanded)
            {
                c.Environment.Add(expanded);
            }
        }
    }

    private void ApplyExitStatuses(ExitStatusSet set, string value, Location at)
    {
        if (value.Length == 0)
        {
            set.Clear();
            return;
        }

        foreach (string word in value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(word, out int status) && status is >= 0 and <= 255)
            {
                set.Statuses.Add(status);
            }
            else if (ValueReaders.Signal(word) is { } signal)
            {
                set.Signals.Add(signal);
            }
            else
            {
                Warn(at, $"Failed to parse {at.Key}= value '{word}', ignoring: Invalid argument");
            }
        }
    }

    private void SetList(List<string> list, string value, Location at)
    {
        if (value.Length == 0)
        {
            list.Clear();
            return;
        }

        foreach (string word in ValueWords.Split(value, out _) ?? [])
        {
            if (Expand(at, word) is { } expanded)
            {
                list.Add(expanded);
            }
        }
    }

    private void SetBool(Location at, string value, Action<bool> set)
    {
        if (ValueReaders.Boolean(value) is { } b)
        {
            set(b);
        }
        else
        {
            Warn(at, $"Failed to parse boolean value, ignoring: {value}");
        }
    }

    private void SetSeconds(Location at, string value, Action<ulong> set)
    {
        if (ValueReaders.Seconds(value) is { } usec)
        {
            set(usec);
        }
        else
        {
            Warn(at, $"Failed to parse {at.Key}= parameter, ignoring: {value}");
        }
    }

    private void SetTimeout(Location at, string value, Action<ulong> set)
    {
        if (ValueReaders.Timeout(value) is { } usec)
        {
            set(usec);
        }
        else
        {
            Warn(at, $"Failed to parse {at.Key}= parameter, ignoring: {value}");
        }
    }

    private void SetSignal(Location at, string value, Action<int> set)
    {
        if (ValueReaders.Signal(value) is { } signal)
        {
            set(signal);
        }
        else
        {
            Warn(at, $"Failed to parse signal, ignoring: {value}");
        }
    }

    /// <summary>Enum values as unit files spell them: lower case, words joined by dashes.</summary>
    private static T? ParseEnum<T>(string value)
        where T : struct, Enum
    {
        foreach (T candidate in Enum.GetValues<T>())
        {
            if (EnumNames.Spell(candidate) == value)
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>The unit-file spelling of the manager's enums (<c>OnFailure</c> → <c>on-failure</c>).</summary>
public static class EnumNames
{
    public static string Spell<T>(T value)
        where T : struct, Enum
    {
        string name = value.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
