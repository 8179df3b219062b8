using Steward.Units.Syntax;

namespace Steward.Units.Tests.Syntax;

public class ValueWordsTests
{
    [Fact]
    public void QuotesGroupWordsAndEscapesAreDecoded()
    {
        IReadOnlyList<string>? words = ValueWords.Split("/bin/echo \"a b\" 'c d' e\\x41\\n", out string? error);
        Assert.Null(error);
        Assert.Equal(["/bin/echo", "a b", "c d", "eA\n"], words);
    }

    [Fact]
    public void UnbalancedQuotesAreAnError()
    {
        Assert.Null(ValueWords.Split("a \"b", out string? error));
        Assert.NotNull(error);
    }

    [Fact]
    public void AnUnknownEscapeIsAnError()
    {
        Assert.Null(ValueWords.Split("a\\q", out _));
    }
}
