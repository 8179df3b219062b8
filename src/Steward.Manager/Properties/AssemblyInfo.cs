// The manager drives Linux processes, signals and file modes; it runs nowhere else.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
