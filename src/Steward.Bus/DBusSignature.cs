namespace Steward.Bus;

/// <summary>Validation and splitting of D-Bus type signatures (the rules of the D-Bus specification:
/// at most 255 characters, 32 levels of array and 32 of struct nesting, dict entries only as array
/// elements with a basic key, no empty structs).</summary>
public static class DBusSignature
{
    public const int MaxLength = 255;
    private const int MaxDepth = 32;

    /// <summary>True for the basic (non-container) type codes.</summary>
    public static bool IsBasic(char code) => code is 'y' or 'b' or 'n' or 'q' or 'i' or 'u' or 'x' or 't' or 'd' or 's' or 'o' or 'g' or 'h';

    /// <summary>True if <paramref name="signature"/> is a valid sequence of complete types (possibly empty).</summary>
    public static bool IsValid(string signature) => TrySplit(signature, out _, out _);

    /// <summary>True if <paramref name="signature"/> is exactly one complete type.</summary>
    public static bool IsSingleCompleteType(string signature) => TrySplit(signature, out var types, out _) && types.Count == 1;

    /// <summary>The complete types of a signature, in order; throws <see cref="FormatException"/> when invalid.</summary>
    public static IReadOnlyList<string> Split(string signature)
    {
        if (!TrySplit(signature, out var types, out var error))
            throw new FormatException($"Invalid D-Bus signature '{signature}': {error}");
        return types;
    }

    /// <summary>Splits a signature into its complete types, with a reason when it is invalid.</summary>
    public static bool TrySplit(string signature, out IReadOnlyList<string> types, out string error)
    {
        var list = new List<string>();
        types = list;
        error = "";
        if (signature.Length > MaxLength)
        {
            error = "longer than 255 characters";
            return false;
        }
        var position = 0;
        while (position < signature.Length)
        {
            var start = position;
            if (!TryParseOne(signature, ref position, 0, 0, out error))
                return false;
            list.Add(signature[start..position]);
        }
        return true;
    }

    private static bool TryParseOne(string s, ref int position, int arrayDepth, int structDepth, out string error)
    {
        error = "";
        if (position >= s.Length)
        {
            error = "incomplete type";
            return false;
        }
        var code = s[position];
        if (IsBasic(code) || code == 'v')
        {
            position++;
            return true;
        }
        switch (code)
        {
            case 'a':
                if (arrayDepth + 1 > MaxDepth)
                {
                    error = "arrays nested too deeply";
                    return false;
                }
                position++;
                if (position < s.Length && s[position] == '{')
                    return TryParseDictEntry(s, ref position, arrayDepth + 1, structDepth, out error);
                return TryParseOne(s, ref position, arrayDepth + 1, structDepth, out error);
            case '(':
                if (structDepth + 1 > MaxDepth)
                {
                    error = "structs nested too deeply";
                    return false;
                }
                position++;
                if (position < s.Length && s[position] == ')')
                {
                    error = "empty struct";
                    return false;
                }
                while (position < s.Length && s[position] != ')')
                {
                    if (!TryParseOne(s, ref position, arrayDepth, structDepth + 1, out error))
                        return false;
                }
                if (position >= s.Length)
                {
                    error = "unterminated struct";
                    return false;
                }
                position++;
                return true;
            case '{':
                error = "dict entry outside an array";
                return false;
            default:
                error = $"unknown type code '{code}'";
                return false;
        }
    }

    private static bool TryParseDictEntry(string s, ref int position, int arrayDepth, int structDepth, out string error)
    {
        position++; // '{'
        if (structDepth + 1 > MaxDepth)
        {
            error = "structs nested too deeply";
            return false;
        }
        if (position >= s.Length || !IsBasic(s[position]))
        {
            error = "dict entry key must be a basic type";
            return false;
        }
        position++;
        if (!TryParseOne(s, ref position, arrayDepth, structDepth + 1, out error))
            return false;
        if (position >= s.Length || s[position] != '}')
        {
            error = "dict entry must have exactly one key and one value";
            return false;
        }
        position++;
        return true;
    }

    /// <summary>The alignment of values of the type that starts with <paramref name="code"/>.</summary>
    internal static int Alignment(char code) => code switch
    {
        'y' or 'g' or 'v' => 1,
        'n' or 'q' => 2,
        'b' or 'i' or 'u' or 'h' or 's' or 'o' or 'a' => 4,
        'x' or 't' or 'd' or '(' or '{' => 8,
        _ => 1,
    };

    /// <summary>The field types inside a struct or dict entry signature like <c>(su)</c> or <c>{sv}</c>.</summary>
    internal static IReadOnlyList<string> Fields(string containerSignature) => Split(containerSignature[1..^1]);

    /// <summary>True if <paramref name="path"/> is a valid object path.</summary>
    public static bool IsValidObjectPath(string path)
    {
        if (path.Length == 0 || path[0] != '/')
            return false;
        if (path.Length == 1)
            return true;
        if (path[^1] == '/')
            return false;
        var previousSlash = true;
        for (var i = 1; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '/')
            {
                if (previousSlash)
                    return false;
                previousSlash = true;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                previousSlash = false;
            }
            else
            {
                return false;
            }
        }
        return true;
    }
}
