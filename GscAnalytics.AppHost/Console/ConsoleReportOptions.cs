namespace GscAnalytics.AppHost;

/// <summary>What the console report adds to its lines, set by the parts of the model that know.</summary>
internal sealed class ConsoleReportOptions
{
    /// <summary>Resources that run once and finish (the migrations); the Ready line waits for them to exit 0.</summary>
    public HashSet<IResource> OneOffs { get; } = [];

    /// <summary>How long a running resource may be unhealthy before the console says why (an app still compiling, say).</summary>
    public TimeSpan UnhealthyGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A sentence for the Ready line (what is not configured, say), or null.</summary>
    public string? ReadyNote { get; set; }
}
