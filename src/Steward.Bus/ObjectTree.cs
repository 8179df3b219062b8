namespace Steward.Bus;

/// <summary>The objects a server exports: exact paths and dynamic subtrees (a resolver for the
/// paths below a prefix plus an enumeration of the objects that exist there, for introspection).
/// Registration is thread-safe; resolvers run wherever dispatch runs (see <see cref="BusServerOptions.Post"/>).</summary>
internal sealed class ObjectTree
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, BusObject> _exact = new(StringComparer.Ordinal);
    private readonly List<Subtree> _subtrees = [];

    private sealed record Subtree(string Prefix, Func<ObjectPath, BusObject?> Resolve, Func<IEnumerable<ObjectPath>> Enumerate);

    public void Add(ObjectPath path, BusObject obj)
    {
        CheckPath(path);
        lock (_lock)
            _exact[path.Value] = obj;
    }

    public bool Remove(ObjectPath path)
    {
        lock (_lock)
            return _exact.Remove(path.Value);
    }

    public void AddSubtree(ObjectPath prefix, Func<ObjectPath, BusObject?> resolve, Func<IEnumerable<ObjectPath>> enumerate)
    {
        CheckPath(prefix);
        lock (_lock)
        {
            if (_subtrees.Any(s => s.Prefix == prefix.Value))
                throw new ArgumentException($"a subtree is already registered at {prefix}", nameof(prefix));
            _subtrees.Add(new Subtree(prefix.Value, resolve, enumerate));
        }
    }

    public bool RemoveSubtree(ObjectPath prefix)
    {
        lock (_lock)
            return _subtrees.RemoveAll(s => s.Prefix == prefix.Value) > 0;
    }

    private static void CheckPath(ObjectPath path)
    {
        if (!DBusSignature.IsValidObjectPath(path.Value))
            throw new ArgumentException($"'{path.Value}' is not a valid object path", nameof(path));
    }

    /// <summary>The object at <paramref name="path"/>: an exact registration first, else the resolver
    /// of the deepest subtree the path lies strictly below.</summary>
    public BusObject? Resolve(ObjectPath path)
    {
        Subtree? best = null;
        lock (_lock)
        {
            if (_exact.TryGetValue(path.Value, out var obj))
                return obj;
            foreach (var subtree in _subtrees)
            {
                if (IsBelow(path.Value, subtree.Prefix) && (best is null || subtree.Prefix.Length > best.Prefix.Length))
                    best = subtree;
            }
        }
        return best?.Resolve(path);
    }

    /// <summary>True if <paramref name="path"/> is a subtree prefix or has objects below it: a node
    /// that can be introspected even without an object of its own.</summary>
    public bool IsInnerNode(ObjectPath path)
    {
        lock (_lock)
        {
            if (_subtrees.Any(s => s.Prefix == path.Value))
                return true;
        }
        return ChildNames(path).Count > 0;
    }

    /// <summary>The names of the nodes directly below <paramref name="path"/>, sorted.</summary>
    public SortedSet<string> ChildNames(ObjectPath path)
    {
        var parent = path.Value;
        var names = new SortedSet<string>(StringComparer.Ordinal);
        List<Subtree> enumerate = [];
        lock (_lock)
        {
            foreach (var key in _exact.Keys)
                AddChild(names, parent, key);
            foreach (var subtree in _subtrees)
            {
                AddChild(names, parent, subtree.Prefix);
                if (subtree.Prefix == parent || IsBelow(parent, subtree.Prefix))
                    enumerate.Add(subtree);
            }
        }
        foreach (var subtree in enumerate)
        {
            foreach (var child in subtree.Enumerate())
                AddChild(names, parent, child.Value);
        }
        return names;
    }

    private static bool IsBelow(string path, string prefix) =>
        prefix == "/" ? path.Length > 1 : path.Length > prefix.Length + 1 && path.StartsWith(prefix, StringComparison.Ordinal) && path[prefix.Length] == '/';

    private static void AddChild(SortedSet<string> names, string parent, string descendant)
    {
        if (!IsBelow(descendant, parent))
            return;
        var start = parent == "/" ? 1 : parent.Length + 1;
        var end = descendant.IndexOf('/', start);
        names.Add(end < 0 ? descendant[start..] : descendant[start..end]);
    }
}
