namespace Steward.Bus;

/// <summary>A D-Bus error: received as a reply by <see cref="BusClient"/>, or thrown by a server
/// handler to reply with this error name and message.</summary>
public sealed class BusErrorException(string name, string message) : Exception(message)
{
    public string Name { get; } = name;

    public override string ToString() => $"{Name}: {Message}";
}

/// <summary>The standard error names of the D-Bus specification used by the server.</summary>
public static class BusErrors
{
    public const string Failed = "org.freedesktop.DBus.Error.Failed";
    public const string UnknownMethod = "org.freedesktop.DBus.Error.UnknownMethod";
    public const string UnknownObject = "org.freedesktop.DBus.Error.UnknownObject";
    public const string UnknownInterface = "org.freedesktop.DBus.Error.UnknownInterface";
    public const string UnknownProperty = "org.freedesktop.DBus.Error.UnknownProperty";
    public const string PropertyReadOnly = "org.freedesktop.DBus.Error.PropertyReadOnly";
    public const string InvalidArgs = "org.freedesktop.DBus.Error.InvalidArgs";
    public const string AccessDenied = "org.freedesktop.DBus.Error.AccessDenied";
    public const string NameHasNoOwner = "org.freedesktop.DBus.Error.NameHasNoOwner";
    public const string NoReply = "org.freedesktop.DBus.Error.NoReply";
    public const string Disconnected = "org.freedesktop.DBus.Error.Disconnected";
    public const string NotSupported = "org.freedesktop.DBus.Error.NotSupported";
}
