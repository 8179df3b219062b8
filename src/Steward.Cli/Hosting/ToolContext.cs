namespace Steward.Cli.Hosting;

/// <summary>
/// What a front end needs from its process: the invocation name, the standard streams (as byte
/// streams, written through <see cref="SurrogateEscape"/>), the environment and whether stdout is a
/// terminal. Tests construct one over memory streams; the executable over the real ones.
/// </summary>
public sealed class ToolContext
{
    public ToolContext(string programName, Stream stdout, Stream stderr, Func<string, string?>? environment = null, bool stdoutIsTerminal = false)
    {
        ProgramName = programName;
        Stdout = new ToolWriter(stdout);
        Stderr = new ToolWriter(stderr);
        Environment = environment ?? (_ => null);
        StdoutIsTerminal = stdoutIsTerminal;
    }

    /// <summary>argv[0] as given: getopt's messages start with it.</summary>
    public string ProgramName { get; }

    public ToolWriter Stdout { get; }

    public ToolWriter Stderr { get; }

    public Func<string, string?> Environment { get; }

    public bool StdoutIsTerminal { get; }

    /// <summary>The glibc getopt message prefix form: <c>argv0: message</c>.</summary>
    public void GetoptError(string message) => Stderr.WriteLine($"{ProgramName}: {message}");

    /// <summary>Writes out what is buffered. stderr goes first: C tools write it unbuffered while their
    /// stdout waits in a buffer until exit, and callers merging both streams see that order.</summary>
    public void Flush()
    {
        Stderr.Flush();
        Stdout.Flush();
    }
}

/// <summary>A byte-exact writer: strings go out through <see cref="SurrogateEscape.Encode"/>.</summary>
public sealed class ToolWriter
{
    private readonly Stream _stream;
    private readonly MemoryStream _buffer = new();

    public ToolWriter(Stream stream) => _stream = stream;

    public void Write(string text)
    {
        byte[] bytes = SurrogateEscape.Encode(text);
        _buffer.Write(bytes, 0, bytes.Length);
    }

    public void WriteLine(string text = "")
    {
        Write(text);
        _buffer.WriteByte((byte)'\n');
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    public void Flush()
    {
        if (_buffer.Length > 0)
        {
            _buffer.Position = 0;
            _buffer.CopyTo(_stream);
            _buffer.SetLength(0);
        }

        _stream.Flush();
    }
}
