using System.Text;
using Steward.Manager.Definitions;
using Steward.Units.Diagnostics;
using Steward.Units.Directives;
using Steward.Units.Loading;
using Steward.Units.Names;
using Steward.Units.Syntax;

namespace Steward.Manager.Loading;

/// <summary>
/// Turns a unit name into a <see cref="UnitDefinition"/>: finds its file through the load path
/// (aliases, masks, templates), adds its drop-ins and its <c>.wants/</c>, <c>.requires/</c> and
/// <c>.upholds/</c> directories, and reads every setting. It never throws for bad input: what is
/// wrong ends up in the load state and in <see cref="UnitDefinition.Messages"/>.
/// </summary>
public sealed class UnitLoader
{
    private readonly UnitFileSystem _fileSystem;
    private readonly UnitLocator _locator;
    private readonly DropInLocator _dropIns;

    public UnitLoader(UnitSearchPaths paths)
    {
        Paths = paths;
        _fileSystem = new UnitFileSystem(paths);
        _locator = new UnitLocator(_fileSystem);
        _dropIns = new DropInLocator(_fileSystem);
    }

    public UnitSearchPaths Paths { get; }

    public UnitDefinition Load(string name)
    {
        if (UnitNames.Split(name) is not { } parts || !UnitNames.IsValidSuffix(parts.Suffix))
        {
            var invalid = new UnitDefinition(name) { LoadState = UnitLoadState.Error, LoadError = $"Unit name {name} is not valid." };
            invalid.Names.Add(name);
            return invalid;
        }

        LocatedUnit located = _locator.Locate(name);
        string id = located.FinalName ?? name;
        if (!located.Found && BuiltinUnits.AliasTarget(name) is { } aliasTarget)
        {
            UnitDefinition target = Load(aliasTarget);
            target.Names.Add(name);
            return target;
        }

        var definition = new UnitDefinition(id);
        definition.Names.Add(id);
        foreach (string alias in located.Aliases ?? [])
        {
            AddName(definition, alias);
        }

        AddName(definition, name);

        if (located.Masked)
        {
            definition.LoadState = UnitLoadState.Masked;
            definition.LoadError = $"Unit {name} is masked.";
            definition.FragmentPath = "/dev/null";
            return definition;
        }

        if (parts.Instance == "")
        {
            definition.LoadState = UnitLoadState.Error;
            definition.LoadError = $"Unit name {name} is missing the instance name.";
            return definition;
        }

        byte[]? content = null;
        if (located.Found && located.FragmentPath is { } fragment)
        {
            definition.FragmentPath = fragment;
            content = Read(fragment, definition);
            if (content is null)
            {
                return definition;
            }
        }
        else if (located.Error is LocateError.Loop)
        {
            definition.LoadState = UnitLoadState.Error;
            definition.LoadError = "Too many levels of symbolic links";
            return definition;
        }
        else if (BuiltinUnits.ContentOf(id) is { } builtin)
        {
            content = Encoding.UTF8.GetBytes(builtin);
        }

        IReadOnlyList<string> dropIns = _dropIns.Find(definition.Names);
        if (content is null && dropIns.Count == 0)
        {
            definition.LoadState = UnitLoadState.NotFound;
            definition.LoadError = $"Unit {id} not found.";
            return definition;
        }

        var reader = new SettingsReader(definition, new Specifiers(id, definition.FragmentPath, _fileSystem));
        if (content is not null)
        {
            reader.Apply(Parse(definition.FragmentPath ?? BuiltinUnits.Origin + "/" + id, content, definition));
        }

        foreach (string dropIn in dropIns)
        {
            byte[]? bytes = Read(dropIn, definition);
            if (bytes is null)
            {
                return definition;
            }

            definition.DropInPaths.Add(dropIn);
            reader.Apply(Parse(dropIn, bytes, definition));
        }

        AddDirectoryDependencies(definition);
        if (definition.LoadState == UnitLoadState.Stub)
        {
            definition.LoadState = reader.Finish();
        }

        return definition;
    }

    private static void AddName(UnitDefinition definition, string name)
    {
        if (!definition.Names.Contains(name))
        {
            definition.Names.Add(name);
        }
    }

    private byte[]? Read(string path, UnitDefinition definition)
    {
        try
        {
            var info = new FileInfo(Paths.Physical(path));
            if (info.Length > 64 * 1024 * 1024)
            {
                definition.LoadState = UnitLoadState.Error;
                definition.LoadError = $"Failed to load configuration: {path} is too large.";
                return null;
            }

            return File.ReadAllBytes(Paths.Physical(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            definition.LoadState = UnitLoadState.Error;
            definition.LoadError = $"Failed to load configuration: {e.Message}";
            return null;
        }
    }

    private static UnitFile Parse(string path, byte[] content, UnitDefinition definition)
    {
        var diagnostics = new DiagnosticBag();
        UnitFile file = UnitFileParser.Parse(path, content, diagnostics);
        foreach (Diagnostic diagnostic in diagnostics.Items)
        {
            definition.Messages.Add($"{path}:{diagnostic.Line}: {diagnostic.Message}");
        }

        foreach (Assignment orphan in file.Orphans)
        {
            definition.Messages.Add($"{path}:{orphan.EndLine}: Assignment outside of section. Ignoring.");
        }

        return file;
    }

    /// <summary>Links in <c>NAME.wants/</c>, <c>NAME.requires/</c> and <c>NAME.upholds/</c> of every load-path
    /// directory, for each name of the unit and its template.</summary>
    private void AddDirectoryDependencies(UnitDefinition definition)
    {
        var names = new List<string>(definition.Names);
        foreach (string name in definition.Names)
        {
            if (UnitLocator.TemplateOf(name) is { } template && !names.Contains(template))
            {
                names.Add(template);
            }
        }

        foreach (SearchDirectory directory in Paths.Directories)
        {
            foreach (string name in names)
            {
                AddLinks(definition, directory.Path + "/" + name + ".wants", DependencyKind.Wants);
                AddLinks(definition, directory.Path + "/" + name + ".requires", DependencyKind.Requires);
                AddLinks(definition, directory.Path + "/" + name + ".upholds", DependencyKind.Upholds);
            }
        }
    }

    private void AddLinks(UnitDefinition definition, string directory, DependencyKind kind)
    {
        foreach (string entry in _fileSystem.List(directory))
        {
            if (UnitNames.Split(entry) is { Instance: not "" } && UnitNames.IsValidSuffix(UnitNames.Split(entry)!.Value.Suffix))
            {
                definition.AddDependency(kind, entry);
            }
        }
    }
}
