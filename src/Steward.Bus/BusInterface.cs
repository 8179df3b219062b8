namespace Steward.Bus;

/// <summary>Whether and how changes of a property are announced (the
/// <c>org.freedesktop.DBus.Property.EmitsChangedSignal</c> annotation).</summary>
public enum PropertyEmits
{
    /// <summary>PropertiesChanged carries the new value (the default; no annotation).</summary>
    True,

    /// <summary>PropertiesChanged lists the name as invalidated, without the value.</summary>
    Invalidates,

    /// <summary>The value never changes during the object's life.</summary>
    Const,

    /// <summary>Changes are not announced.</summary>
    False,
}

/// <summary>Answers a method call, now or later: the returned task may complete on any thread.</summary>
public delegate ValueTask<MethodReply> BusMethodHandler(MethodCall call);

/// <summary>One method of an interface. Argument names only serve introspection.</summary>
public sealed record BusMethod(string Name, string InSignature, string OutSignature, BusMethodHandler Handler,
    IReadOnlyList<string>? InNames = null, IReadOnlyList<string>? OutNames = null);

/// <summary>One property. The getter gets the object being read (its target) and the reader's
/// connection (null when the server reads it for a PropertiesChanged signal).</summary>
public sealed record BusProperty(string Name, string Signature, Func<PropertyAccess, object> Get,
    Action<PropertyAccess, object>? Set = null, PropertyEmits Emits = PropertyEmits.True);

/// <summary>One signal, declared for introspection.</summary>
public sealed record BusSignalInfo(string Name, string Signature, IReadOnlyList<string>? ArgNames = null);

/// <summary>The object and reader a property getter or setter is called for.</summary>
public sealed record PropertyAccess(ObjectPath Path, object? Target, BusConnection? Connection);

/// <summary>An interface: methods, properties and signals, in declaration order (which is also the
/// order of introspection, as sd-bus does). Built once and shared by all objects that implement it;
/// handlers tell the objects apart by <see cref="MethodCall.Target"/> / <see cref="PropertyAccess.Target"/>.</summary>
public sealed class BusInterface
{
    private readonly Dictionary<string, BusMethod> _methods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BusProperty> _properties = new(StringComparer.Ordinal);
    private readonly List<object> _members = [];

    public BusInterface(string name)
    {
        if (!IsValidInterfaceName(name))
            throw new ArgumentException($"'{name}' is not a valid D-Bus interface name", nameof(name));
        Name = name;
    }

    public string Name { get; }

    /// <summary>Methods, properties and signals in declaration order.</summary>
    public IReadOnlyList<object> Members => _members;

    public IEnumerable<BusProperty> Properties => _properties.Values;

    public BusMethod? FindMethod(string name) => _methods.GetValueOrDefault(name);

    public BusProperty? FindProperty(string name) => _properties.GetValueOrDefault(name);

    /// <summary>Adds a method that may answer later (return a task that completes when the reply is ready).</summary>
    public BusInterface MethodAsync(string name, string inSignature, string outSignature, BusMethodHandler handler,
        IReadOnlyList<string>? inNames = null, IReadOnlyList<string>? outNames = null)
    {
        CheckSignature(inSignature);
        CheckSignature(outSignature);
        CheckMemberName(name);
        var method = new BusMethod(name, inSignature, outSignature, handler, inNames, outNames);
        if (!_methods.TryAdd(name, method))
            throw new ArgumentException($"method {Name}.{name} is already declared", nameof(name));
        _members.Add(method);
        return this;
    }

    /// <summary>Adds a method answered synchronously.</summary>
    public BusInterface Method(string name, string inSignature, string outSignature, Func<MethodCall, MethodReply> handler,
        IReadOnlyList<string>? inNames = null, IReadOnlyList<string>? outNames = null) =>
        MethodAsync(name, inSignature, outSignature, call => ValueTask.FromResult(handler(call)), inNames, outNames);

    /// <summary>Adds a property whose getter needs the target object or the reader.</summary>
    public BusInterface Property(string name, string signature, Func<PropertyAccess, object> get,
        Action<PropertyAccess, object>? set = null, PropertyEmits emits = PropertyEmits.True)
    {
        if (!DBusSignature.IsSingleCompleteType(signature))
            throw new ArgumentException($"property signature '{signature}' is not a single complete type", nameof(signature));
        CheckMemberName(name);
        var property = new BusProperty(name, signature, get, set, emits);
        if (!_properties.TryAdd(name, property))
            throw new ArgumentException($"property {Name}.{name} is already declared", nameof(name));
        _members.Add(property);
        return this;
    }

    /// <summary>Adds a read-only property from a plain getter.</summary>
    public BusInterface Property(string name, string signature, Func<object> get, PropertyEmits emits = PropertyEmits.True) =>
        Property(name, signature, _ => get(), null, emits);

    /// <summary>Declares a signal (for introspection; send it with <see cref="BusServer.EmitSignal"/>).</summary>
    public BusInterface Signal(string name, string signature, params string[] argNames)
    {
        CheckSignature(signature);
        CheckMemberName(name);
        _members.Add(new BusSignalInfo(name, signature, argNames.Length > 0 ? argNames : null));
        return this;
    }

    private static void CheckSignature(string signature)
    {
        if (!DBusSignature.IsValid(signature))
            throw new ArgumentException($"'{signature}' is not a valid D-Bus signature", nameof(signature));
    }

    private static void CheckMemberName(string name)
    {
        if (!IsValidMemberName(name))
            throw new ArgumentException($"'{name}' is not a valid D-Bus member name", nameof(name));
    }

    public static bool IsValidMemberName(string name) =>
        name.Length is > 0 and <= 255 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    public static bool IsValidInterfaceName(string name)
    {
        if (name.Length is 0 or > 255)
            return false;
        var parts = name.Split('.');
        return parts.Length >= 2 && parts.All(IsValidMemberName);
    }
}

/// <summary>What a path resolves to: the interfaces it implements and the object the handlers act on.</summary>
public sealed class BusObject(IReadOnlyList<BusInterface> interfaces, object? target = null)
{
    public IReadOnlyList<BusInterface> Interfaces { get; } = interfaces;

    public object? Target { get; } = target;

    public BusInterface? FindInterface(string name)
    {
        foreach (var i in Interfaces)
        {
            if (i.Name == name)
                return i;
        }
        return null;
    }
}
