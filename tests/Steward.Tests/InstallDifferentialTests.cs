using System.Text;

namespace Steward.Tests;

/// <summary>
/// steward against the real <c>systemctl --root</c> 252 on generated unit trees and random sequences of
/// install verbs: after each step the exit status, stdout, the set of stderr lines (paths under each
/// tool's own root made equal) and the whole tree (files, contents, symlink targets) must agree. The
/// one place Steward differs on purpose, masking a unit whose file sits in the configuration
/// directory itself, is left out of the generated steps and tested on its own.
/// </summary>
public class InstallDifferentialTests
{
    private static readonly string[] Names = ["a", "b", "c", "d", "t@", "t@x", "t@y", "u@", "al", "multi-user", "nope"];
    // preset and reenable are left out until their remaining differences are settled (issue 4 notes).
    private static readonly string[] Verbs = ["enable", "disable", "is-enabled", "mask", "unmask", "link", "list-unit-files", "add-wants", "set-default", "get-default"];

    [Fact]
    public void GeneratedTreesAndVerbSequencesLeaveTheSameTreeAndOutputAsSystemctl()
    {
        int seed = TestSeed.Get(20261203);
        var random = new Random(seed);
        var failures = new List<string>();
        for (int n = 0; n < 40 && failures.Count < 5; n++)
        {
            string real = Directory.CreateTempSubdirectory("steward-install-real").FullName;
            string ours = Directory.CreateTempSubdirectory("steward-install-ours").FullName;
            try
            {
                var setup = GenerateTree(random);
                foreach (string root in new[] { real, ours })
                {
                    setup(root);
                }

                for (int step = 0; step < 6; step++)
                {
                    string[] args = GenerateStep(random, real);
                    ProcessResult r = StewardBinary.Exec("systemctl", [$"--root={real}", .. args]);
                    ProcessResult o = StewardBinary.Run([$"--root={ours}", .. args]);
                    string rErr = Lines(r.Stderr.Replace(real, "ROOT"));
                    string oErr = Lines(o.Stderr.Replace(ours, "ROOT"));
                    string rTree = Tree(real);
                    string oTree = Tree(ours);
                    if (r.ExitCode != o.ExitCode || r.Stdout != o.Stdout || rErr != oErr || rTree != oTree)
                    {
                        failures.Add($"case {n} step {step}: systemctl {string.Join(' ', args)}\nexit {r.ExitCode} vs {o.ExitCode}\n" +
                            $"real out: {r.Stdout}\nours out: {o.Stdout}\nreal err: {rErr}\nours err: {oErr}\n" +
                            (rTree == oTree ? "" : $"real tree:\n{rTree}\nours tree:\n{oTree}"));
                        break;
                    }
                }
            }
            finally
            {
                Directory.Delete(real, true);
                Directory.Delete(ours, true);
            }
        }

        Assert.True(failures.Count == 0, $"seed {seed}, differences:\n" + string.Join("\n---\n", failures));
    }

    private static string[] GenerateStep(Random random, string realRoot)
    {
        string verb = Verbs[random.Next(Verbs.Length)];
        string Unit() => Name(random);
        switch (verb)
        {
            case "list-unit-files":
            case "get-default":
                return [verb];
            case "set-default":
                return [verb, random.Next(2) == 0 ? "multi-user.target" : "nope.target"];
            case "add-wants":
                return [verb, "multi-user.target", Unit()];
            case "link":
                return [verb, "/opt/l.service"];
            case "mask":
                // Masking a unit whose file is in /etc/systemd/system or /run/systemd/system is where Steward goes beyond systemctl.
                string name;
                do
                {
                    name = Unit();
                }
                while (IsRegularFile(realRoot, "etc/systemd/system", name) || IsRegularFile(realRoot, "run/systemd/system", name));
                return random.Next(3) == 0 ? [verb, "--runtime", name] : [verb, name];
            default:
                var args = new List<string> { verb };
                if (verb is "enable" or "disable" && random.Next(4) == 0)
                {
                    args.Add("--runtime");
                }

                int count = random.Next(1, 3);
                for (int k = 0; k < count; k++)
                {
                    args.Add(Unit());
                }

                return [.. args];
        }
    }

    private static bool IsRegularFile(string root, string directory, string name) =>
        File.Exists(Path.Join(root, directory, name)) && new FileInfo(Path.Join(root, directory, name)).LinkTarget is null;

    private static string Name(Random random)
    {
        string stem = Names[random.Next(Names.Length)];
        return stem == "multi-user" ? "multi-user.target" : stem + ".service";
    }

    private static Action<string> GenerateTree(Random random)
    {
        var files = new List<(string Path, string Content)>();
        var links = new List<(string Path, string Target)>();
        string[] dirs = ["usr/lib/systemd/system", "usr/lib/systemd/system", "etc/systemd/system", "run/systemd/system"];
        foreach (string unit in new[] { "a", "b", "c", "d", "t@", "u@" })
        {
            var content = new StringBuilder("[Unit]\nDescription=generated\n[Service]\nExecStart=/bin/true\n");
            if (random.Next(5) > 0)
            {
                content.Append("[Install]\n");
                if (random.Next(3) > 0)
                {
                    content.Append("WantedBy=multi-user.target\n");
                }

                if (random.Next(4) == 0)
                {
                    content.Append(unit.EndsWith('@') ? "Alias=alt@.service\n" : $"Alias=al.service\n");
                }

                if (random.Next(4) == 0)
                {
                    content.Append($"Also={Names[random.Next(4)]}.service\n");
                }

                if (unit.EndsWith('@') && random.Next(2) == 0)
                {
                    content.Append("DefaultInstance=x\n");
                }

                if (random.Next(6) == 0)
                {
                    content.Append("RequiredBy=%p-extra.target\n");
                }
            }

            files.Add(($"{dirs[random.Next(dirs.Length)]}/{unit}.service", content.ToString()));
        }

        files.Add(("usr/lib/systemd/system/multi-user.target", "[Unit]\nDescription=Multi-User\n"));
        files.Add(("opt/l.service", "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n"));
        if (random.Next(3) == 0)
        {
            links.Add(("etc/systemd/system/multi-user.target.wants/c.service", "/usr/lib/systemd/system/c.service"));
        }

        if (random.Next(4) == 0)
        {
            links.Add(("etc/systemd/system/d.service", "/dev/null"));
        }

        return root =>
        {
            foreach ((string path, string content) in files)
            {
                string full = Path.Join(root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                if (!File.Exists(full))
                {
                    File.WriteAllText(full, content);
                }
            }

            foreach ((string path, string target) in links)
            {
                string full = Path.Join(root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                if (!Path.Exists(full))
                {
                    File.CreateSymbolicLink(full, target);
                }
            }
        };
    }

    private static string Lines(string text) => string.Join('\n', text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

    /// <summary>Every entry under a root with its kind and, for symlinks, the target; files with content.</summary>
    private static string Tree(string root)
    {
        var lines = new List<string>();
        foreach (string path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            string relative = path[root.Length..];
            var info = new FileInfo(path);
            if (info.LinkTarget is { } target)
            {
                lines.Add($"{relative} -> {target}");
            }
            else if (Directory.Exists(path))
            {
                lines.Add($"{relative}/");
            }
            else
            {
                lines.Add($"{relative} = {File.ReadAllText(path).GetHashCode(StringComparison.Ordinal)}");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }
}
