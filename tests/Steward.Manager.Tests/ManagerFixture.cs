using Steward.Manager.Engine;
using Steward.Units.Loading;

namespace Steward.Manager.Tests;

/// <summary>A manager over a temporary root with a fake supervisor; the loop is drained by hand.</summary>
internal sealed class ManagerFixture : IDisposable
{
    public ManagerFixture()
    {
        Root = Directory.CreateTempSubdirectory("steward-manager-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, "etc/systemd/system"));
        Processes.Post = Loop.Post;
        Manager = new UnitManager(new ManagerOptions(UnitScope.System, Root), Loop, Processes, Log);
    }

    public string Root { get; }

    public EventLoop Loop { get; } = new();

    public FakeProcesses Processes { get; } = new();

    public ListLog Log { get; } = new();

    public UnitManager Manager { get; }

    public void Write(string name, string content) =>
        File.WriteAllText(Path.Combine(Root, "etc/systemd/system", name), content);

    public void Settle() => Loop.Drain();

    public void Dispose()
    {
        Loop.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
