using Steward.Units.Diagnostics;

namespace Steward.Units.Verification;

/// <summary>What verify found, in print order, and whether it failed (systemd-analyze exits non-zero then).</summary>
public sealed record VerifyResult(IReadOnlyList<Diagnostic> Diagnostics, bool Failed);
