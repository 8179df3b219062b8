namespace Steward.Bus;

/// <summary>A method call being served: the arguments in the value model, the object it targets
/// and the calling connection (with the peer's credentials).</summary>
public sealed class MethodCall
{
    internal MethodCall(BusConnection connection, BusMessage message, IReadOnlyList<object> args, object? target)
    {
        Connection = connection;
        Message = message;
        Args = args;
        Target = target;
    }

    public BusConnection Connection { get; }

    public PeerCredentials Peer => Connection.Credentials;

    public BusMessage Message { get; }

    public ObjectPath Path => Message.Path!.Value;

    public string? Interface => Message.Interface;

    public string Member => Message.Member!;

    public string Signature => Message.Signature;

    public IReadOnlyList<object> Args { get; }

    /// <summary>The <see cref="BusObject.Target"/> of the called object.</summary>
    public object? Target { get; }

    public bool NoReplyExpected => Message.NoReplyExpected;
}

/// <summary>The answer to a method call: return values (marshalled with the method's out signature
/// unless one is given) or an error.</summary>
public sealed class MethodReply
{
    private MethodReply(IReadOnlyList<object> values, string? signature, string? errorName, string? errorMessage)
    {
        Values = values;
        Signature = signature;
        ErrorName = errorName;
        ErrorMessage = errorMessage;
    }

    public IReadOnlyList<object> Values { get; }

    /// <summary>The body signature, or null for the method's declared out signature.</summary>
    public string? Signature { get; }

    public string? ErrorName { get; }

    public string? ErrorMessage { get; }

    public bool IsError => ErrorName is not null;

    /// <summary>A reply without values.</summary>
    public static MethodReply Empty { get; } = new([], null, null, null);

    /// <summary>Return values in the order of the method's out signature.</summary>
    public static MethodReply Return(params object[] values) => new(values, null, null, null);

    /// <summary>Return values with an explicit signature (for methods whose reply type varies).</summary>
    public static MethodReply ReturnWithSignature(string signature, params object[] values) => new(values, signature, null, null);

    /// <summary>An error reply.</summary>
    public static MethodReply Error(string name, string message) => new([], null, name, message);
}
