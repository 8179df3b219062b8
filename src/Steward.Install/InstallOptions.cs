namespace Steward.Install;

/// <summary>The flags systemctl passes to every install operation.</summary>
public sealed record InstallOptions(bool Runtime = false, bool Force = false);
