namespace Steward.Manager.Engine;

/// <summary>A refused request, named as systemd's D-Bus API names its errors
/// (<c>org.freedesktop.systemd1.NoSuchUnit</c>, …) with systemd's message.</summary>
public sealed class ManagerException(string errorName, string message) : Exception(message)
{
    public string ErrorName { get; } = errorName;

    public static ManagerException NoSuchUnit(string name) => new("org.freedesktop.systemd1.NoSuchUnit", $"Unit {name} not found.");

    public static ManagerException NotLoaded(string name) => new("org.freedesktop.systemd1.NoSuchUnit", $"Unit {name} not loaded.");

    public static ManagerException Masked(string name) => new("org.freedesktop.systemd1.UnitMasked", $"Unit {name} is masked.");

    public static ManagerException Invalid(string message) => new("org.freedesktop.DBus.Error.InvalidArgs", message);

    public static ManagerException AccessDenied(string message) => new("org.freedesktop.DBus.Error.AccessDenied", message);
}
