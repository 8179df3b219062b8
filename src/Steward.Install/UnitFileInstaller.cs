using Steward.Units.Loading;
using Steward.Units.Names;

namespace Steward.Install;

/// <summary>
/// enable, disable, reenable, link, add-wants/add-requires, mask and unmask over a unit-file tree:
/// symlinks are made in the persistent (or, with --runtime, the runtime) configuration directory,
/// pointing at the file that defines the unit. Each operation returns what it changed, in order.
/// </summary>
public sealed class UnitFileInstaller
{
    private static readonly (Func<InstallSection, List<string>> List, string Suffix)[] DependencyKinds =
    [
        (s => s.WantedBy, ".wants"),
        (s => s.RequiredBy, ".requires"),
    ];

    private readonly InstallTree _tree;
    private readonly SymlinkWriter _writer;

    public UnitFileInstaller(InstallTree tree)
    {
        _tree = tree;
        _writer = new SymlinkWriter(tree.FileSystem);
    }

    private string ConfigDirectory(InstallOptions options) => options.Runtime ? _tree.Paths.RuntimeConfig : _tree.Paths.PersistentConfig;

    public InstallResult Enable(IEnumerable<string> operands, InstallOptions options) => Enable(operands, options, byFile: []);

    /// <param name="byFile">Names to enable as their unit file alone: like a unit given by path,
    /// without the [Install] settings of drop-ins (systemctl's reenable does this).</param>
    private InstallResult Enable(IEnumerable<string> operands, InstallOptions options, HashSet<string> byFile)
    {
        var result = new InstallResult();
        var named = new List<string>();
        foreach (string operand in operands)
        {
            if (NameOfOperand(operand, options, result) is { } name && !named.Contains(name))
            {
                named.Add(name);
                if (operand.Contains('/'))
                {
                    byFile.Add(name);
                }
            }
        }

        // systemctl checks every unit named before it changes anything: one missing or masked unit
        // and nothing is enabled.
        var units = new List<InstallUnit?>();
        foreach (string name in named)
        {
            units.Add(DiscoverForChange(name, true, result, withDropIns: !byFile.Contains(name)));
            if (result.Failed)
            {
                // The first unit that cannot be enabled is the only one reported.
                return result;
            }
        }

        var queue = new Queue<InstallUnit>(units.OfType<InstallUnit>());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (queue.Count > 0)
        {
            InstallUnit unit = queue.Dequeue();
            if (!seen.Add(unit.Name))
            {
                continue;
            }

            if (IsConfigAlias(unit.Name))
            {
                // systemctl enables a unit by its own name or a vendor alias, never through an alias
                // someone made in the configuration.
                result.Fail(InstallError.LinkedUnitName, unit.Name);
                continue;
            }

            // A template enabled through its DefaultInstance= is refused when that instance is masked:
            // it gets no links and fails the operation, yet what its Also= names and the other units
            // are still enabled, as systemctl 252 does.
            if (LinkName(unit) is { } instance && instance != unit.EffectiveName && _tree.Locator.Locate(instance) is { Masked: true, EntryPath: { } mask })
            {
                result.Fail(InstallError.Masked, mask);
            }
            else
            {
                ApplyInstall(unit, options, result);
            }

            foreach (string also in unit.Install.Also)
            {
                if (seen.Contains(also))
                {
                    continue;
                }

                // A unit named by Also= that cannot be enabled is reported and passed over.
                var auxiliary = new InstallResult();
                if (DiscoverForChange(also, false, auxiliary) is { } alsoUnit)
                {
                    queue.Enqueue(alsoUnit);
                }

                foreach (InstallChange change in auxiliary.Changes)
                {
                    result.Add(change.IsError ? new InstallChange(InstallChangeKind.AuxiliaryFailed, also) : change);
                }
            }
        }

        return result;
    }

    /// <param name="followAlso">Whether the units named by Also= are disabled too (preset's disabling
    /// half does not read the units' [Install] sections, so it does not).</param>
    public InstallResult Disable(IEnumerable<string> operands, InstallOptions options, bool followAlso = true)
    {
        var result = new InstallResult();
        HashSet<string>? names = MarkForRemoval(operands.Select(o => o.Contains('/') ? Path.GetFileName(o) : o), result, followAlso);
        if (names is not null)
        {
            RemoveMarked(ConfigDirectory(options), names, result);
        }

        return result;
    }

    public InstallResult Reenable(IReadOnlyList<string> operands, InstallOptions options)
    {
        // The enabling half works on the unit files: an instance or alias operand enables its file's name
        // (a template then with its DefaultInstance=), as systemctl 252 does — the files as they were
        // before the disabling half took any alias away.
        string[] files = [.. operands.Select(FileNameOf)];
        InstallResult disabled = Disable(operands, options);
        if (disabled.Failed)
        {
            return disabled;
        }

        InstallResult enabled = Enable(files, options, byFile: [.. files]);

        disabled.Append(enabled);
        disabled.CarriesInstallInfo = enabled.CarriesInstallInfo;
        return disabled;
    }

    /// <summary>Whether the name is an alias made in a configuration directory: a symlink there to a
    /// path in the load path (a link to a file outside it is a linked unit, which can be enabled).</summary>
    private bool IsConfigAlias(string name)
    {
        if (_tree.Locator.FindEntry(name) is not { } entry
            || entry.Directory.Kind is not (SearchDirectoryKind.PersistentConfig or SearchDirectoryKind.RuntimeConfig)
            || _tree.FileSystem.KindOf(entry.Path) != EntryKind.Symlink
            || _tree.FileSystem.ReadLinkAbsolute(entry.Path) is not { } target || target == "/dev/null")
        {
            return false;
        }

        return _tree.Paths.DirectoryOf(target) is not null;
    }

    private string FileNameOf(string operand)
    {
        if (operand.Contains('/'))
        {
            return operand;
        }

        LocatedUnit located = _tree.Locator.Locate(operand);
        return located.FragmentName ?? operand;
    }

    /// <summary>link: makes files from outside the load path available under their own names.</summary>
    public InstallResult Link(IEnumerable<string> paths, InstallOptions options)
    {
        var result = new InstallResult();
        foreach (string path in paths)
        {
            LinkFile(path, options, result);
        }

        return result;
    }

    /// <summary>add-wants / add-requires: the units are made dependencies of <paramref name="target"/>.</summary>
    public InstallResult AddDependency(string target, IEnumerable<string> operands, string suffix, InstallOptions options)
    {
        var result = new InstallResult();
        if (UnitNames.Split(target) is null)
        {
            result.Fail(InstallError.InvalidName, target);
            return result;
        }

        LocatedUnit located = _tree.Locator.Locate(target);
        if (located is { Masked: true, EntryPath: { } maskPath })
        {
            result.Fail(InstallError.Masked, maskPath);
            return result;
        }

        if (!located.Found)
        {
            result.Fail(InstallError.NotFound, target);
            return result;
        }

        foreach (string operand in operands)
        {
            // The file is only linked, not parsed, as systemctl does it.
            if (NameOfOperand(operand, options, result) is not { } name || DiscoverForChange(name, true, result, readInstall: false) is not { } unit)
            {
                continue;
            }

            AddDependencyLink(unit, unit.EffectiveName, target, suffix, options, result);
        }

        return result;
    }

    public InstallResult Mask(IEnumerable<string> operands, InstallOptions options)
    {
        var result = new InstallResult();
        foreach (string name in operands)
        {
            if (UnitNames.Split(name) is null)
            {
                result.Fail(InstallError.InvalidName, name);
                continue;
            }

            _writer.Create(MaskPath(name, options), "/dev/null", options.Force, result);
        }

        return result;
    }

    public InstallResult Unmask(IEnumerable<string> operands, InstallOptions options)
    {
        var result = new InstallResult();
        string? control = options.Runtime ? _tree.Paths.RuntimeControl : _tree.Paths.PersistentControl;
        var removed = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in operands)
        {
            if (UnitNames.Split(name) is null)
            {
                result.Fail(InstallError.InvalidName, name);
                continue;
            }

            // Steward's masks of the admin's own units live in the control directory of the same layer:
            // unmask takes both away, so the unit is as it was before mask.
            foreach (string directory in new[] { ConfigDirectory(options), control }.OfType<string>())
            {
                string path = directory + "/" + name;
                if (_tree.FileSystem.KindOf(path) == EntryKind.Symlink && _tree.FileSystem.ReadLink(path) == "/dev/null" && _writer.Remove(path, result))
                {
                    removed.Add(path);
                }
            }
        }

        // As systemctl does, links to the removed masks go too (and loops on the way are reported).
        RemoveMarked(ConfigDirectory(options), removed, result);
        return result;
    }

    /// <summary>set-default: default.target becomes a link to the target's file.</summary>
    public InstallResult SetDefault(string name)
    {
        var result = new InstallResult();
        if (UnitNames.Split(name) is null)
        {
            result.Fail(InstallError.InvalidName, name);
            return result;
        }

        if (DiscoverForChange(name, true, result) is { } unit)
        {
            _writer.Create(_tree.Paths.PersistentConfig + "/default.target", unit.Located.FragmentPath!, force: true, result);
        }

        return result;
    }

    /// <summary>Where a mask for <paramref name="name"/> goes. systemd refuses when the admin's own unit
    /// file occupies the spot; Steward masks from the control directory of that layer instead, which
    /// systemd reads first and honours too.</summary>
    private string MaskPath(string name, InstallOptions options)
    {
        string path = ConfigDirectory(options) + "/" + name;
        bool occupied = IsRegularFile(path) || (options.Runtime && IsRegularFile(_tree.Paths.PersistentConfig + "/" + name));
        string? control = options.Runtime ? _tree.Paths.RuntimeControl : _tree.Paths.PersistentControl;
        return occupied && control is not null ? control + "/" + name : path;
    }

    private bool IsRegularFile(string path) => _tree.FileSystem.KindOf(path) == EntryKind.File;

    /// <summary>A unit operand: a name, or a path to a unit file (linked first when outside the load path).</summary>
    private string? NameOfOperand(string operand, InstallOptions options, InstallResult result)
    {
        if (!operand.Contains('/'))
        {
            if (UnitNames.Split(operand) is null)
            {
                result.Fail(InstallError.InvalidName, operand);
                return null;
            }

            return operand;
        }

        string name = Path.GetFileName(operand);
        if (_tree.Paths.DirectoryOf(UnitFileSystem.Normalize(operand)) is not null)
        {
            return name;
        }

        return LinkFile(operand, options, result) ? name : null;
    }

    private bool LinkFile(string path, InstallOptions options, InstallResult result)
    {
        string normalized = UnitFileSystem.Normalize(path);
        string name = Path.GetFileName(normalized);
        if (!path.StartsWith('/') || UnitNames.Split(name) is null)
        {
            result.Fail(InstallError.InvalidName, path);
            return false;
        }

        if (_tree.Paths.DirectoryOf(normalized) is not null)
        {
            result.Fail(InstallError.InLoadPath, normalized);
            return false;
        }

        if (_tree.FileSystem.Chase(normalized).Kind != EntryKind.File)
        {
            result.Fail(InstallError.NotFound, normalized);
            return false;
        }

        return _writer.Create(ConfigDirectory(options) + "/" + name, normalized, options.Force, result);
    }

    /// <summary>The unit behind a name for an operation that changes it; null (with the failure or warning
    /// recorded) when it is missing, masked, generated or transient.</summary>
    private InstallUnit? DiscoverForChange(string name, bool named, InstallResult result, bool readInstall = true, bool withDropIns = true)
    {
        InstallUnit unit = _tree.Discover(name, readInstall, withDropIns);
        LocatedUnit located = unit.Located;
        if (!located.Found)
        {
            result.Fail(located.Error switch { LocateError.Loop => InstallError.Loop, LocateError.Dangling => InstallError.LinkSevered, _ => InstallError.NotFound }, name);
            return null;
        }

        if (located.Masked)
        {
            if (named)
            {
                result.Fail(InstallError.Masked, located.EntryPath!);
            }
            else
            {
                result.Add(new InstallChange(InstallChangeKind.IsMasked, located.EntryPath!));
            }

            return null;
        }

        SearchDirectory? home = _tree.Paths.DirectoryOf(located.FragmentPath!);
        if (home is { IsGenerated: true } or { Kind: SearchDirectoryKind.Transient })
        {
            result.Fail(InstallError.TransientOrGenerated, name);
            return null;
        }

        return unit;
    }

    /// <summary>The name a unit's enablement links carry: its own, or for a template the
    /// DefaultInstance= instance.</summary>
    private static string LinkName(InstallUnit unit)
    {
        string name = unit.EffectiveName;
        return UnitNames.Split(name) is { Instance: "" } parts && unit.Install.DefaultInstance is { Length: > 0 } instance
            ? $"{parts.Prefix}@{instance}.{parts.Suffix}"
            : name;
    }

    private void ApplyInstall(InstallUnit unit, InstallOptions options, InstallResult result)
    {
        // Also= alone counts only through the units it brings along (they say for themselves).
        if (unit.Install.HasRules)
        {
            result.CarriesInstallInfo = true;
        }

        string linkName = LinkName(unit);
        string target = unit.Located.FragmentPath!;
        int start = result.Changes.Count;

        // Each step (aliases, then each kind of dependency) has the outcome of its first link: in place
        // (made or already there) or refused. The unit's outcome is that of its first step that has
        // one, so a refusal after a success does not fail the operation, though it is reported.
        int outcome = 0;
        foreach (string alias in unit.Install.Alias)
        {
            string aliasName = WithInstanceOf(alias, unit.EffectiveName);
            bool linked;
            if (UnitNames.Split(aliasName) is not { } a || UnitNames.Split(linkName) is not { } l || a.Suffix != l.Suffix)
            {
                result.Fail(InstallError.InvalidName, alias);
                linked = false;
            }
            else
            {
                linked = _writer.Create(ConfigDirectory(options) + "/" + aliasName, target, options.Force, result);
            }

            outcome = outcome != 0 ? outcome : linked ? 1 : -1;
        }

        foreach ((Func<InstallSection, List<string>> list, string suffix) in DependencyKinds)
        {
            int step = 0;
            foreach (string destination in list(unit.Install))
            {
                bool linked = AddDependencyLink(unit, linkName, destination, suffix, options, result);
                step = step != 0 ? step : linked ? 1 : -1;
            }

            outcome = outcome != 0 ? outcome : step;
        }

        if (outcome > 0)
        {
            result.Excuse(start);
        }
    }

    /// <returns>Whether the link is in place.</returns>
    private bool AddDependencyLink(InstallUnit unit, string linkName, string destination, string suffix, InstallOptions options, InstallResult result)
    {
        if (UnitNames.Split(destination) is not { } dest)
        {
            result.Fail(InstallError.InvalidName, destination);
            return false;
        }

        string destinationName = destination;
        if (UnitNames.IsTemplate(linkName))
        {
            if (dest.Instance != "")
            {
                result.Fail(InstallError.TemplateForNonTemplate, linkName, destination);
                return false;
            }
        }
        else
        {
            destinationName = WithInstanceOf(destination, linkName);
        }

        string target = unit.Located.FragmentPath!;
        // systemctl notes a missing destination whenever the link is in place, new or not.
        bool linked = _writer.Create($"{ConfigDirectory(options)}/{destinationName}{suffix}/{linkName}", target, options.Force, result);
        if (linked && !_tree.Locator.Locate(destinationName).Found)
        {
            result.Add(new InstallChange(InstallChangeKind.DestinationNotPresent, target, destinationName));
        }

        return linked;
    }

    /// <summary>A template name given the instance of <paramref name="instanceSource"/> (if that has one).</summary>
    private static string WithInstanceOf(string name, string instanceSource) =>
        UnitNames.Split(name) is { Instance: "" } t && UnitNames.Split(instanceSource) is { Instance: { Length: > 0 } instance }
            ? $"{t.Prefix}@{instance}.{t.Suffix}"
            : name;

    /// <summary>The names whose links disable removes: each unit, its aliases, and what Also= lists.</summary>
    private HashSet<string>? MarkForRemoval(IEnumerable<string> operands, InstallResult result, bool followAlso)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<(string Name, bool Named)>(operands.Select(o => (o, true)));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool failed = false;
        while (queue.Count > 0)
        {
            (string name, bool named) = queue.Dequeue();
            if (!seen.Add(name))
            {
                continue;
            }

            if (UnitNames.Split(name) is null)
            {
                result.Fail(InstallError.InvalidName, name);
                failed = true;
                continue;
            }

            InstallUnit unit = _tree.Discover(name, readInstall: followAlso);
            if (unit.Located is { Error: LocateError.Dangling, EntryPath: { } link, FinalName: { } missing })
            {
                // The link itself goes; the unit it named is reported missing.
                result.Add(new InstallChange(InstallChangeKind.AliasToMissing, link));
                result.Add(new InstallChange(InstallChangeKind.UnitNotFound, missing));
                names.Add(name);
                names.Add(missing);
                continue;
            }

            if (!unit.Located.Found)
            {
                if (named && unit.Located.Error == LocateError.Loop)
                {
                    result.Fail(InstallError.Loop, name);
                    failed = true;
                }
                else if (named)
                {
                    // systemctl says so, yet disables the rest and exits 0; links by that name still go.
                    result.Add(new InstallChange(InstallChangeKind.UnitNotFound, name));
                    names.Add(name);
                }
                else if (unit.Located.Error == LocateError.NotFound)
                {
                    // A missing unit named by Also= loses its links too, silently.
                    names.Add(name);
                }

                continue;
            }

            if (unit.Located.Masked)
            {
                result.Add(new InstallChange(InstallChangeKind.IsMasked, unit.Located.EntryPath!));
                continue;
            }

            // Links are found by their own name or their target's; aliases pointing at the unit go by
            // the target, and a link that merely carries an alias name but points elsewhere stays.
            names.Add(name);
            names.Add(unit.EffectiveName);
            if (unit.Located.FragmentPath is { } fragment && UnitNames.Split(name) is not { Instance.Length: > 0 })
            {
                names.Add(Path.GetFileName(fragment));
            }

            foreach (string also in unit.Install.Also)
            {
                queue.Enqueue((also, false));
            }
        }

        return failed ? null : names;
    }

    private void TryRemoveDirectory(string path)
    {
        try
        {
            Directory.Delete(_tree.Paths.Physical(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not empty after all, or not ours to remove: leaving it changes nothing.
        }
    }

    /// <summary>Removes the links in a configuration directory tree that carry a marked name or point at
    /// a file of a marked name. A link that cannot be followed for its loop fails the operation, but
    /// the others are still looked at.</summary>
    private void RemoveMarked(string directory, HashSet<string> names, InstallResult result)
    {
        if (names.Count > 0)
        {
            Walk(directory, names, result);
        }
    }

    /// <summary>Reports the links in a configuration directory tree that loop, as systemctl's clean-up
    /// pass after revert does.</summary>
    public void ReportLoops(string directory, InstallResult result) => Walk(directory, [], result);

    /// <summary>Whether a link's own name is marked: the name itself or, for an instance, its template
    /// (disabling a template takes its instances' links with it, masks of them too, as systemctl 252 does).</summary>
    private static bool IsMarkedName(string entry, HashSet<string> names) =>
        names.Contains(entry) || (UnitNames.Split(entry) is { Instance.Length: > 0 } parts && names.Contains($"{parts.Prefix}@.{parts.Suffix}"));

    private void Walk(string directory, HashSet<string> names, InstallResult result)
    {
        foreach (string entry in _tree.FileSystem.List(directory))
        {
            string path = directory + "/" + entry;
            switch (_tree.FileSystem.KindOf(path))
            {
                case EntryKind.Directory:
                    int before = result.Changes.Count;
                    Walk(path, names, result);
                    if (result.Changes.Count > before && _tree.FileSystem.List(path).Count == 0)
                    {
                        // A .wants/ directory emptied by disable goes too, as systemctl removes it.
                        TryRemoveDirectory(path);
                    }

                    break;
                case EntryKind.Symlink:
                    if (_tree.FileSystem.Chase(path).Loop)
                    {
                        result.Fail(InstallError.LinkedUnitFile, path);
                        break;
                    }

                    string? target = _tree.FileSystem.ReadLinkAbsolute(path);
                    if (target is not null && (IsMarkedName(entry, names) || (target != "/dev/null" && (names.Contains(Path.GetFileName(target)) || names.Contains(target)))))
                    {
                        _writer.Remove(path, result);
                    }

                    break;
            }
        }
    }
}
