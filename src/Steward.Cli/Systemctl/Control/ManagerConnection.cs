using Steward.Bus;
using Steward.Cli.Hosting;

namespace Steward.Cli.Systemctl.Control;

/// <summary>
/// The front end's line to a running manager: systemd's D-Bus API on its private socket
/// (<c>ROOT/run/systemd/private</c> with <c>--root</c>), used exactly as real systemctl uses it.
/// </summary>
public sealed class ManagerConnection : IDisposable
{
    public const string Destination = "org.freedesktop.systemd1";
    public const string ManagerPath = "/org/freedesktop/systemd1";
    public const string ManagerInterface = "org.freedesktop.systemd1.Manager";
    public const string UnitInterface = "org.freedesktop.systemd1.Unit";

    private ManagerConnection(BusClient client) => Client = client;

    public BusClient Client { get; }

    /// <summary>Connects, or prints systemctl's words for a manager that is not there and returns null.</summary>
    public static ManagerConnection? Open(SystemctlInvocation invocation)
    {
        string root = invocation.Root is { Length: > 0 } r && r != "/" ? r.TrimEnd('/') : "";
        string socket = root + "/run/systemd/private";
        if (!File.Exists(socket))
        {
            if (!Directory.Exists(root + "/run/systemd/system"))
            {
                invocation.Context.Stderr.WriteLine("System has not been booted with systemd as init system (PID 1). Can't operate.");
                invocation.Context.Stderr.WriteLine("Failed to connect to bus: Host is down");
            }
            else
            {
                invocation.Context.Stderr.WriteLine("Failed to connect to bus: No such file or directory");
            }

            return null;
        }

        try
        {
            return new ManagerConnection(BusClient.Connect("unix:path=" + socket));
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or BusErrorException or InvalidOperationException)
        {
            invocation.Context.Stderr.WriteLine($"Failed to connect to bus: {e.Message}");
            return null;
        }
    }

    public IReadOnlyList<object> CallManager(string member, string signature = "", params object[] args) =>
        Client.Call(Destination, new ObjectPath(ManagerPath), ManagerInterface, member, signature, args);

    /// <summary>Every property of one interface of an object (GetAll), in the server's order.</summary>
    public List<KeyValuePair<string, Variant>> GetAll(string path, string interfaceName)
    {
        IReadOnlyList<object> reply = Client.Call(Destination, new ObjectPath(path), "org.freedesktop.DBus.Properties", "GetAll", "s", [interfaceName]);
        var result = new List<KeyValuePair<string, Variant>>();
        if (reply.Count > 0 && reply[0] is DBusArray array)
        {
            foreach (DBusDictEntry entry in array.Items.Cast<DBusDictEntry>())
            {
                result.Add(new((string)entry.Key, (Variant)entry.Value));
            }
        }

        return result;
    }

    public object GetProperty(string path, string interfaceName, string name) =>
        Client.GetPropertyAsync(Destination, new ObjectPath(path), interfaceName, name).GetAwaiter().GetResult();

    /// <summary>The unit's object path if the manager has it loaded (GetUnit), else null.</summary>
    public string? FindUnit(string name)
    {
        try
        {
            return ((ObjectPath)CallManager("GetUnit", "s", name)[0]).Value;
        }
        catch (BusErrorException e) when (e.Name == "org.freedesktop.systemd1.NoSuchUnit")
        {
            return null;
        }
    }

    public string LoadUnit(string name) => ((ObjectPath)CallManager("LoadUnit", "s", name)[0]).Value;

    public void Dispose() => Client.Dispose();
}
