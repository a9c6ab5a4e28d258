using System.Text.Json;

namespace GscAnalytics.Shared;

/// <summary>
/// What the Oban monitor (the worker with <c>--monitor</c>) saw at its last poll of every database. It writes this,
/// as JSON, to the file <c>ObanMonitor:StateFile</c> names; the AppHost shows it as the <c>oban</c> resource's properties.
/// </summary>
internal sealed record ObanMonitorState(DateTime PolledAt, IReadOnlyList<ObanDatabaseState> Databases)
{
    /// <summary>The worker's switch for the monitor (<c>Migration:Mode=Monitor</c>).</summary>
    public const string Switch = "--monitor";

    /// <summary>The configuration key of the file the monitor writes its state to.</summary>
    public const string StateFileKey = "ObanMonitor:StateFile";

    /// <summary>How the state file is written and read.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
