using System.Text;
using Steward.Units.Diagnostics;
using Steward.Units.Syntax;

namespace Steward.Units.Tests.Syntax;

public class UnitFileParserTests
{
    private static (UnitFile File, DiagnosticBag Bag) Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    private static (UnitFile File, DiagnosticBag Bag) Parse(byte[] bytes)
    {
        var bag = new DiagnosticBag();
        return (UnitFileParser.Parse("/u.service", bytes, bag), bag);
    }

    [Fact]
    public void SectionsAndAssignmentsKeepFileOrderAndLineNumbers()
    {
        var (file, bag) = Parse("[Unit]\nDescription = hello world \n\n[Service]\nExecStart=/bin/true\nExecStart=\n");
        Assert.Empty(bag.Items);
        Assert.Equal(["Unit", "Service"], file.Sections.Select(s => s.Name));
        Assert.Equal(new Assignment("Description", "hello world", 2, 2), file.Sections[0].Assignments[0]);
        Assert.Equal(new Assignment("ExecStart", string.Empty, 6, 6), file.Sections[1].Assignments[1]);
    }

    [Fact]
    public void CommentsWithHashOrSemicolonAreSkipped()
    {
        var (file, bag) = Parse("# a\n; b\n[Unit]\n  # c\nA=1\n");
        Assert.Empty(bag.Items);
        Assert.Single(file.Sections[0].Assignments);
    }

    [Fact]
    public void ContinuationJoinsLinesWithASpaceAndSkipsCommentLinesInside()
    {
        var (file, _) = Parse("[Service]\nExecStart=/bin/echo \\\n# dropped\n  one \\\n two\n");
        Assignment a = file.Sections[0].Assignments[0];
        Assert.Equal("/bin/echo  one  two", a.Value);
        Assert.Equal(2, a.Line);
        Assert.Equal(5, a.EndLine);
    }

    [Fact]
    public void AssignmentsBeforeAnySectionAreKeptAsOrphansWithSystemdsMessage()
    {
        var (file, bag) = Parse("Description=x\n[Unit]\n");
        Assert.Single(file.Orphans);
        Assert.Equal("/u.service:1: Assignment outside of section. Ignoring.", bag.Items[0].ToString());
    }

    [Fact]
    public void ALineWithoutEqualsSignIsReportedAndIgnored()
    {
        var (file, bag) = Parse("[Unit]\njunk\n");
        Assert.Empty(file.Sections[0].Assignments);
        Assert.Equal("/u.service:2: Missing '=', ignoring line.", bag.Items[0].ToString());
    }

    [Fact]
    public void CarriageReturnsAreTrimmedAsWhitespace()
    {
        var (file, _) = Parse("[Unit]\r\nA=b\r\n");
        Assert.Equal("b", file.Sections[0].Assignments[0].Value);
    }

    [Fact]
    public void NulBytesAndInvalidUtf8GiveDiagnosticsNotExceptions()
    {
        byte[] bytes = [.. "[Unit]\nA=\0\nB="u8.ToArray(), 0xff, 0xfe, (byte)'\n'];
        var (file, bag) = Parse(bytes);
        Assert.Equal(2, bag.Items.Count);
        Assert.Single(file.Sections[0].Assignments);
    }

    [Fact]
    public void ALineLongerThanOneMebibyteIsAnError()
    {
        byte[] bytes = Encoding.ASCII.GetBytes("[Unit]\nA=" + new string('x', UnitFileParser.MaxLineLength + 1) + "\n");
        var (_, bag) = Parse(bytes);
        Assert.True(bag.HasErrors);
    }

    [Fact]
    public void AnUnterminatedSectionHeaderIsAnError()
    {
        var (_, bag) = Parse("[Unit\n");
        Assert.True(bag.HasErrors);
    }
}
