using Steward.Units.Verification;

namespace Steward.Units.Tests.Verification;

public sealed class UnitVerifierTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("steward-verify-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private List<string> Verify(string name, string text, out bool failed)
    {
        string dir = Path.Join(_root, "etc/systemd/system");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Join(dir, name), text);
        VerifyResult result = new UnitVerifier(_root).Verify([name]);
        failed = result.Failed;
        return [.. result.Diagnostics.Select(d => d.ToString())];
    }

    [Fact]
    public void TheFoundingSampleGetsEveryFindingOfTheWalkthrough()
    {
        List<string> lines = Verify("sample.service", "Description=This is my test service\n\n\nWantedBy=multiuser.target chronyd.service\n#RequiredBy=multiuser.target chronyd.service\n", out bool failed);
        string path = Path.Join(_root, "etc/systemd/system/sample.service");
        Assert.True(failed);
        Assert.Equal(
            [
                $"{path}:1: Assignment outside of section. Ignoring.",
                $"{path}:1: Description= is outside of any section; it belongs in [Unit].",
                $"{path}:4: Assignment outside of section. Ignoring.",
                $"{path}:4: WantedBy= is outside of any section; it belongs in [Install].",
                $"{path}:4: WantedBy= names multiuser.target, which does not exist; did you mean multi-user.target?",
                "sample.service: Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.",
                "sample.service: Unit has no [Service] section and no ExecStart=; add [Service] with ExecStart=COMMAND.",
                "Unit sample.service has a bad unit file setting.",
            ],
            lines);
    }

    [Fact]
    public void AMisspelledKeyGetsASuggestionAfterSystemdsMessage()
    {
        List<string> lines = Verify("a.service", "[Service]\nExecStrat=/bin/true\nExecStart=/bin/true\n", out bool failed);
        Assert.False(failed);
        Assert.EndsWith("Unknown key 'ExecStrat' in section [Service], ignoring.", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("Did you mean 'ExecStart='?", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingCommandFailsVerification()
    {
        List<string> lines = Verify("b.service", "[Service]\nExecStart=/nonexistent/x\n", out bool failed);
        Assert.True(failed);
        Assert.Equal(["b.service: Command /nonexistent/x is not executable: No such file or directory"], lines);
    }

    [Fact]
    public void ATimerWithoutTriggersIsRefused()
    {
        List<string> lines = Verify("c.timer", "[Timer]\nPersistent=yes\n", out bool failed);
        Assert.True(failed);
        Assert.Equal("c.timer: Timer unit lacks value setting. Refusing.", lines[0]);
    }

    [Fact]
    public void AnUnknownUnitIsNotFound()
    {
        VerifyResult result = new UnitVerifier(_root).Verify(["nothere.service"]);
        Assert.True(result.Failed);
        Assert.Equal("Unit nothere.service not found.", result.Diagnostics[0].ToString());
    }
}
