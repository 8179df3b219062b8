namespace Steward.Bus;

/// <summary>The org.freedesktop.DBus calls that clients make even on a direct connection (sd-bus
/// sends Hello when told it is a bus client, busctl and gdbus ask for names, owners and
/// credentials, match rules are added for signals). There is no bus: every signal reaches every
/// peer the server sends it to, so match rules are accepted and ignored, and the server is the
/// owner of each name in <see cref="BusServerOptions.OwnedNames"/>.</summary>
internal static class BusDriver
{
    private const string DriverName = "org.freedesktop.DBus";

    /// <summary>The unique name the server answers GetNameOwner with for the names it owns.</summary>
    public const string ServerUniqueName = ":1.0";

    public static BusInterface Create(BusServer server)
    {
        return new BusInterface(DriverName)
            .Method("Hello", "", "s", call => MethodReply.Return(call.Connection.UniqueName), outNames: ["unique_name"])
            .Method("RequestName", "su", "u", _ => MethodReply.Return(1u), ["name", "flags"], ["result"])
            .Method("ReleaseName", "s", "u", _ => MethodReply.Return(1u), ["name"], ["result"])
            .Method("AddMatch", "s", "", _ => MethodReply.Empty, ["rule"])
            .Method("RemoveMatch", "s", "", _ => MethodReply.Empty, ["rule"])
            .Method("GetId", "", "s", _ => MethodReply.Return(server.Guid), outNames: ["id"])
            .Method("ListNames", "", "as", call => MethodReply.Return(new DBusArray("s", Names(server))), outNames: ["names"])
            .Method("ListActivatableNames", "", "as", _ => MethodReply.Return(new DBusArray("s", [DriverName])), outNames: ["names"])
            .Method("NameHasOwner", "s", "b", call => MethodReply.Return(Owner(server, (string)call.Args[0]) is not null), ["name"], ["has_owner"])
            .Method("GetNameOwner", "s", "s", call => WithOwner(server, call, (owner, _) => MethodReply.Return(owner)), ["name"], ["unique_name"])
            .Method("StartServiceByName", "su", "u", call => WithOwner(server, call, (_, _) => MethodReply.Return(2u)), ["name", "flags"], ["result"])
            .Method("GetConnectionUnixUser", "s", "u", call => WithOwner(server, call, (_, c) => MethodReply.Return(c.Uid)), ["name"], ["uid"])
            .Method("GetConnectionUnixProcessID", "s", "u", call => WithOwner(server, call, (_, c) => MethodReply.Return((uint)c.Pid)), ["name"], ["pid"])
            .Method("GetConnectionCredentials", "s", "a{sv}", call => WithOwner(server, call, (_, c) => MethodReply.Return(new DBusArray("{sv}",
            [
                new DBusDictEntry("UnixUserID", new Variant("u", c.Uid)),
                new DBusDictEntry("UnixGroupIDs", new Variant("au", new DBusArray("u", [c.Gid]))),
                new DBusDictEntry("ProcessID", new Variant("u", (uint)c.Pid)),
            ]))), ["name"], ["credentials"])
            .Signal("NameOwnerChanged", "sss", "name", "old_owner", "new_owner")
            .Signal("NameAcquired", "s", "name")
            .Signal("NameLost", "s", "name");
    }

    private static List<object> Names(BusServer server)
    {
        var names = new List<object> { DriverName };
        names.AddRange(server.OwnedNames);
        names.Add(ServerUniqueName);
        names.AddRange(server.Connections.OrderBy(c => c.Id).Select(c => c.UniqueName));
        return names;
    }

    /// <summary>The unique name owning <paramref name="name"/> and its credentials, or null.</summary>
    private static (string Owner, PeerCredentials Credentials)? Owner(BusServer server, string name)
    {
        if (name == DriverName || name == ServerUniqueName || server.OwnedNames.Contains(name))
            return (name == DriverName ? DriverName : ServerUniqueName, new PeerCredentials(Environment.ProcessId, Sasl.EffectiveUid, Sasl.EffectiveGid));
        var connection = server.FindConnection(name);
        return connection is null ? null : (connection.UniqueName, connection.Credentials);
    }

    private static MethodReply WithOwner(BusServer server, MethodCall call, Func<string, PeerCredentials, MethodReply> answer)
    {
        var name = (string)call.Args[0];
        return Owner(server, name) is { } owner
            ? answer(owner.Owner, owner.Credentials)
            : MethodReply.Error(BusErrors.NameHasNoOwner, $"Could not get owner of name '{name}': no such name");
    }
}
