using System.Globalization;

namespace GscAnalytics.Hosting.Postgres;

/// <summary>What must hold before the server may start, each failure one line that says what is in the way and what to do.</summary>
internal static class PostgresStartChecks
{
    /// <summary>The data directory is not held by a live PostgreSQL (another AppHost on the same data, most likely).</summary>
    public static string? DataDirectoryInUse(string dataDirectory) => PostgresDataDirectory.LivePostmaster(dataDirectory) is { } pid
        ? string.Create(CultureInfo.InvariantCulture,
            $"The data directory {dataDirectory} is in use by PostgreSQL pid {pid}, most likely another AppHost on the same data; stop that one first, or set {InstalledPostgresOptions.SectionName}:DataDirectory to another folder.")
        : null;

    /// <summary>
    /// The port is free: one fixed by configuration, or one chosen at start and taken since (a Start from the
    /// dashboard much later, say).
    /// </summary>
    public static string? PortInUse(int port, bool configured) => TcpPort.IsFree(port)
        ? null
        : configured
            ? string.Create(CultureInfo.InvariantCulture,
                $"{InstalledPostgresOptions.SectionName}:Port {port} is in use by {TcpPort.Owner(port)}; stop it, or set {InstalledPostgresOptions.SectionName}:Port to a free port (or remove it to let the AppHost choose).")
            : string.Create(CultureInfo.InvariantCulture,
                $"Port {port} was taken by {TcpPort.Owner(port)} after the AppHost chose it; restart the AppHost to get another port.");
}
