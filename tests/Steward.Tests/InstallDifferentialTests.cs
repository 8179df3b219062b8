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
    private static readonly string[] Names = ["a", "b", "c", "d", "t@", "t@x", "t@y", "u@", "al", "multi-user", "nope", "s.socket", "k.timer", "g.target", "p.path"];
    private static readonly string[] Verbs =
        ["enable", "disable", "is-enabled", "mask", "unmask", "link", "list-unit-files", "add-wants", "add-requires", "set-default", "get-default",
         "revert", "reenable", "preset", "preset-all"];

    [Fact]
    public void GeneratedTreesAndVerbSequencesLeaveTheSameTreeAndOutputAsSystemctl()
    {
        int seed = TestSeed.Get(20261203);
        var random = new Random(seed);
        var failures = new List<string>();
        for (int n = 0; n < 80 && failures.Count < 5; n++)
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

                for (int step = 0; step < 8; step++)
                {
                    string[] args = GenerateStep(random, real);
                    string before = Snapshot(real);
                    ProcessResult o = StewardBinary.Run([$"--root={ours}", .. args]);
                    string oErr = Lines(o.Stderr.Replace(ours, "ROOT"));
                    string oTree = Tree(ours);

                    // systemctl walks some of its hash tables in an order that differs from run to run
                    // (which of two units claiming one alias wins, say): a step agrees when any of a few
                    // runs of it on the same tree agrees.
                    string? difference = null;
                    string attempts = "";
                    for (int attempt = 0; attempt < 4; attempt++)
                    {
                        if (attempt > 0)
                        {
                            Restore(before, real);
                        }

                        ProcessResult r = StewardBinary.Exec("systemctl", [$"--root={real}", .. args]);
                        string rErr = Lines(r.Stderr.Replace(real, "ROOT"));
                        string rTree = Tree(real);
                        attempts += $"attempt {attempt}: exit {r.ExitCode}, err {rErr.Replace('\n', '|')}\n";
                        difference = r.ExitCode == o.ExitCode && r.Stdout == o.Stdout && rErr == oErr && rTree == oTree ? null
                            : $"case {n} step {step}: systemctl {string.Join(' ', args)}\nexit {r.ExitCode} vs {o.ExitCode}\n" +
                                $"real out: {r.Stdout}\nours out: {o.Stdout}\nreal err: {rErr}\nours err: {oErr}\n" +
                                (rTree == oTree ? "" : $"real tree:\n{rTree}\nours tree:\n{oTree}\n") + $"tree before:\n{Tree(before)}\n" + attempts;
                        if (difference is null)
                        {
                            break;
                        }
                    }

                    if (difference is not null && Environment.GetEnvironmentVariable("STEWARD_KEEP_FAILED_TREES") is { Length: > 0 } keep)
                    {
                        // For debugging: the tree the step started from, to replay it by hand.
                        CopyTree(before, Directory.CreateDirectory(Path.Join(keep, $"case{n}-step{step}")).FullName);
                    }

                    Directory.Delete(before, true);
                    if (difference is not null)
                    {
                        failures.Add(difference);
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
                return random.Next(3) switch
                {
                    0 => [verb],
                    1 => [verb, "--state=enabled,disabled,static"],
                    _ => [verb, random.Next(2) == 0 ? "--type=service" : "*.t*"],
                };
            case "get-default":
                return [verb];
            case "preset-all":
                return random.Next(3) == 0 ? [verb, "--preset-mode=enable-only"] : [verb];
            case "set-default":
                return [verb, random.Next(2) == 0 ? "multi-user.target" : "nope.target"];
            case "add-wants":
            case "add-requires":
                return [verb, random.Next(3) == 0 ? "g.target" : "multi-user.target", Unit()];
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
                if (verb is "enable" or "disable" or "reenable" or "preset" && random.Next(4) == 0)
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
        return stem == "multi-user" ? "multi-user.target" : stem.Contains('.') ? stem : stem + ".service";
    }

    private static Action<string> GenerateTree(Random random)
    {
        var files = new List<(string Path, string Content)>();
        var links = new List<(string Path, string Target)>();
        string[] dirs = ["usr/lib/systemd/system", "usr/lib/systemd/system", "lib/systemd/system", "usr/local/lib/systemd/system", "etc/systemd/system", "run/systemd/system"];
        string Pick(string[] choices) => choices[random.Next(choices.Length)];
        foreach (string unit in new[] { "a.service", "b.service", "c.service", "d.service", "t@.service", "u@.service", "s.socket", "k.timer", "g.target", "p.path" })
        {
            string type = unit[(unit.LastIndexOf('.') + 1)..];
            string section = type switch { "service" => "[Service]\nExecStart=/bin/true\n", "socket" => "[Socket]\nListenStream=/run/s.sock\n", "timer" => "[Timer]\nOnCalendar=daily\n", "path" => "[Path]\nPathExists=/x\n", _ => "" };
            var content = new StringBuilder($"[Unit]\nDescription=generated\n{section}");
            if (random.Next(8) == 0)
            {
                content.Append("junk line without equals\n[Bogus]\nKey=value\n");
            }

            if (random.Next(5) > 0)
            {
                content.Append("[Install]\n");
                if (random.Next(3) > 0)
                {
                    content.Append(Pick(["WantedBy=multi-user.target\n", "WantedBy=g.target multi-user.target\n", "WantedBy=sockets.target\n"]));
                }

                if (random.Next(4) == 0)
                {
                    content.Append(unit.Contains('@') ? $"Alias=alt@.{type}\n" : type == "service" ? "Alias=al.service\n" : $"Alias=al2.{type}\n");
                }

                if (random.Next(4) == 0)
                {
                    content.Append($"Also={Pick(["a.service", "b.service", "c.service", "d.service", "s.socket", "nope.service", "t@z.service"])}\n");
                }

                if (unit.Contains('@') && random.Next(2) == 0)
                {
                    content.Append("DefaultInstance=x\n");
                }

                if (random.Next(6) == 0)
                {
                    content.Append(Pick(["RequiredBy=%p-extra.target\n", "UpheldBy=g.target\n", "RequiredBy=g.target\n", "DefaultInstance=q\n"]));
                }

                if (random.Next(10) == 0)
                {
                    content.Append("WantedBy=\n");
                }
            }

            if (random.Next(8) > 0)
            {
                files.Add(($"{Pick(dirs)}/{unit}", content.ToString()));
            }

            if (random.Next(8) == 0)
            {
                files.Add(($"{Pick(["etc/systemd/system", "usr/lib/systemd/system"])}/{unit}.d/install.conf", "[Install]\nWantedBy=g.target\n"));
            }

            if (random.Next(10) == 0)
            {
                files.Add(($"{Pick(["etc/systemd/system", "run/systemd/system", "etc/systemd/system.control"])}/{unit}.d/override.conf", "[Unit]\nDescription=override\n"));
            }
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

        if (random.Next(6) == 0)
        {
            links.Add(("etc/systemd/system/multi-user.target.wants/gone.service", "/usr/lib/systemd/system/gone.service"));
        }

        if (random.Next(6) == 0)
        {
            links.Add(("etc/systemd/system/g.target.wants/t@y.service", "/usr/lib/systemd/system/t@.service"));
        }

        if (random.Next(8) == 0)
        {
            links.Add(("etc/systemd/system/loop1.service", "/etc/systemd/system/loop2.service"));
            links.Add(("etc/systemd/system/loop2.service", "/etc/systemd/system/loop1.service"));
        }

        if (random.Next(3) > 0)
        {
            var preset = new StringBuilder();
            foreach (string line in new[] { "enable a.service", "disable b.*", "enable t@.service x y", "enable *.socket", "disable *", "ignore c.service", "enable k.timer", "enable u@.service" })
            {
                if (random.Next(2) == 0)
                {
                    preset.Append(line).Append('\n');
                }
            }

            files.Add(($"{Pick(["usr/lib/systemd/system-preset", "etc/systemd/system-preset", "run/systemd/system-preset"])}/50-test.preset", preset.ToString()));
            if (random.Next(3) == 0)
            {
                files.Add(("usr/lib/systemd/system-preset/90-default.preset", "disable *\n"));
            }
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

    /// <summary>The distinct lines, sorted, without the "FILE:LINE: …" parse warnings: which files systemctl
    /// happens to parse (and how often) is its own business; the warnings are tested by hand.</summary>
    private static string Lines(string text) => string.Join('\n', text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Where(l => !System.Text.RegularExpressions.Regex.IsMatch(l, @"^ROOT/\S*:\d+: ")).Distinct().Order(StringComparer.Ordinal));

    /// <summary>A copy of a tree (symlinks as symlinks), to run a step again from the same state.</summary>
    private static string Snapshot(string root)
    {
        string copy = Directory.CreateTempSubdirectory("steward-install-snapshot").FullName;
        CopyTree(root, copy);
        return copy;
    }

    private static void Restore(string snapshot, string root)
    {
        foreach (string entry in Directory.EnumerateFileSystemEntries(root))
        {
            if (new FileInfo(entry).LinkTarget is null && Directory.Exists(entry))
            {
                Directory.Delete(entry, true);
            }
            else
            {
                File.Delete(entry);
            }
        }

        CopyTree(snapshot, root);
    }

    private static void CopyTree(string from, string to)
    {
        foreach (string entry in Directory.EnumerateFileSystemEntries(from))
        {
            string target = Path.Join(to, Path.GetFileName(entry));
            var info = new FileInfo(entry);
            if (info.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (Directory.Exists(entry))
            {
                Directory.CreateDirectory(target);
                CopyTree(entry, target);
            }
            else
            {
                File.Copy(entry, target);
            }
        }
    }

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
