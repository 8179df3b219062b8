using System.Collections;
using Steward.Units.Diagnostics;

namespace Steward.Install;

/// <summary>Diagnostics in the order added, each at most once: a file read several times during one
/// operation is reported once.</summary>
public sealed class UniqueDiagnostics : ICollection<Diagnostic>
{
    private readonly List<Diagnostic> _items = [];
    private readonly HashSet<Diagnostic> _seen = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public int Count => _items.Count;

    public bool IsReadOnly => false;

    public void Add(Diagnostic item)
    {
        if (_seen.Add(item))
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        _items.Clear();
        _seen.Clear();
    }

    public bool Contains(Diagnostic item) => _seen.Contains(item);

    public void CopyTo(Diagnostic[] array, int arrayIndex) => _items.CopyTo(array, arrayIndex);

    public bool Remove(Diagnostic item) => _seen.Remove(item) && _items.Remove(item);

    public IEnumerator<Diagnostic> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
