using Microsoft.Extensions.Logging;

namespace GscAnalytics.Hosting.Phoenix;

/// <summary>What the integration says: to the AppHost's log under its own category, and into its resources' own logs.</summary>
internal static partial class PhoenixLog
{
    public const string Category = "GscAnalytics.Hosting.Phoenix";

    [LoggerMessage(1, LogLevel.Information, "{Line}")]
    public static partial void Output(ILogger logger, string line);

    [LoggerMessage(2, LogLevel.Error, "{Line}")]
    public static partial void ErrorOutput(ILogger logger, string line);

    [LoggerMessage(3, LogLevel.Warning, "{Resource} runs as `mix phx.server`, without IEx in the dashboard: {Missing} was not found; {Fix}.")]
    public static partial void NoTerminal(ILogger logger, string resource, string missing, string fix);
}
