namespace Steward.Manager.Engine;

/// <summary>One message of the manager, with the journal fields systemd attaches (UNIT=, MESSAGE_ID=, …).</summary>
public sealed record ManagerLogEntry(int Priority, string Message, string? Unit = null, IReadOnlyList<KeyValuePair<string, string>>? Fields = null);

/// <summary>Where the manager's own messages go (the journal service, and the console before it runs).</summary>
public interface IManagerLog
{
    void Write(ManagerLogEntry entry);
}

/// <summary>The message ids systemd gives its unit and job messages (sd-messages.h), so journal
/// queries by MESSAGE_ID work the same.</summary>
public static class MessageIds
{
    public const string UnitStarting = "7d4958e842da4a758f6c1cdc7b36dcc5";
    public const string UnitStarted = "39f53479d3a045ac8e11786248231fbf";
    public const string UnitStopping = "de5b426a63be47a7b6ac3eaac82e2f6f";
    public const string UnitStopped = "9d1aaa27d60140bd96365438aad20286";
    public const string UnitFailed = "be02cf6855d2428ba40df7e9d022f03d";
    public const string UnitReloading = "d34d037fff1847e6ae669a370e694725";
    public const string UnitReloaded = "7b05ebc668384222baa8881179cfda54";
    public const string UnitProcessExit = "98e322203f7a4ed290d09fe03c09fe15";
    public const string UnitSuccess = "7ad2d189f7e94e70a38c781354912448";
    public const string UnitFailureResult = "d9b373ed55a64feb8242e02dbe79a49c";
    public const string UnitRestartScheduled = "5eb03494b6584870a536b337290809b3";
    public const string UnitResources = "ae8f7b866b0347b9af31fe1c80b127c0";
    public const string StartupFinished = "b07a249cd024414a82dd00cd181378ff";
}
