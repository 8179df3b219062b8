using Steward.Units.Diagnostics;
using Steward.Units.Verification;

namespace Steward.Cli.Analyze;

/// <summary><c>analyze verify FILE|UNIT…</c>: the checks live in <see cref="UnitVerifier"/>; this prints them
/// on stderr, as systemd-analyze logs them, and maps failure to exit status 1.</summary>
public static class VerifyVerb
{
    public static int Run(AnalyzeInvocation invocation)
    {
        // --man= and --recursive-errors= are accepted for compatibility: Steward does not check man pages,
        // and verifies only the units named.
        VerifyResult result = new UnitVerifier(invocation.Last("root")).Verify(invocation.Operands);
        foreach (Diagnostic d in result.Diagnostics)
        {
            invocation.Context.Stderr.WriteLine(d.ToString());
        }

        return result.Failed ? 1 : 0;
    }
}
