using Steward.Install;
using Steward.Units.Loading;
using Steward.Units.Names;

namespace Steward.Cli.Systemctl.Install;

/// <summary><c>cat UNIT…</c>: each unit's file and drop-ins, each headed by "# PATH", as systemctl 252
/// prints them. Steward reads them from the load path, so it works without a manager and under
/// <c>--root</c> (paths are shown as the manager sees them).</summary>
public static class CatVerb
{
    public static int Run(SystemctlInvocation invocation)
    {
        var context = invocation.Context;
        var names = new List<string>();
        InstallTree tree = InstallVerbs.Tree(invocation);
        foreach (string operand in invocation.Operands)
        {
            MangledName mangled = UnitNameMangling.Mangle(Hosting.SurrogateEscape.Encode(operand), allowGlob: true);
            if (mangled.Name is null)
            {
                context.Stderr.WriteLine($"Failed to mangle name: {operand}: Invalid argument");
                return 1;
            }

            if (Glob.IsPattern(mangled.Name))
            {
                names.AddRange(tree.AllUnitFiles().Keys.Where(n => Glob.Matches(mangled.Name, n)));
            }
            else
            {
                names.Add(mangled.Name);
            }
        }

        int status = 0;
        bool first = true;
        foreach (string name in names.Distinct(StringComparer.Ordinal))
        {
            LocatedUnit located = tree.Locator.Locate(name);
            if (located.Masked)
            {
                // systemctl prints this without the blank line that separates files.
                context.Stdout.WriteLine($"# Unit {name} is masked.");
                continue;
            }

            var files = new List<string>();
            if (located.Found && located.FragmentPath is { } fragment)
            {
                files.Add(fragment);
            }

            files.AddRange(tree.DropInsOf(located));
            if (files.Count == 0)
            {
                context.Stderr.WriteLine($"No files found for {name}.");
                status = 1;
                continue;
            }

            foreach (string file in files)
            {
                byte[]? content = tree.FileSystem.ReadAll(file);
                if (content is null)
                {
                    context.Stderr.WriteLine($"Failed to read \"{file}\": Permission denied");
                    status = 1;
                    continue;
                }

                if (!first)
                {
                    context.Stdout.WriteLine();
                }

                first = false;
                context.Stdout.WriteLine($"# {file}");
                string text = Hosting.SurrogateEscape.Decode(content);
                context.Stdout.Write(text);
                if (text.Length > 0 && !text.EndsWith('\n'))
                {
                    context.Stdout.WriteLine();
                }
            }
        }

        return status;
    }
}
