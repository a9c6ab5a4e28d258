using System.Globalization;

namespace GscAnalytics.Hosting.Postgres;

/// <summary>
/// A persistent server left running by an earlier run of this AppHost: the live postmaster on the data directory,
/// started with exactly the command line this AppHost gives it. Only such a server may hold the data directory and
/// the port when the next run starts, since the orchestrator takes it over rather than starting another.
/// </summary>
internal static class PostgresOwnServer
{
    /// <summary>The port the server left running listens on, or null when the data directory's postmaster is not ours.</summary>
    public static int? Port(string dataDirectory, string binDirectory)
    {
        if (PostgresDataDirectory.LivePostmaster(dataDirectory) is not { } pid || PostgresPort.Remembered(dataDirectory) is not { } port)
        {
            return null;
        }

        try
        {
            var running = File.ReadAllText($"/proc/{pid}/cmdline").TrimEnd('\0').Split('\0');
            return running.SequenceEqual(Arguments(binDirectory, dataDirectory, port)) ? port : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The server's command line: the same every run, so the orchestrator recognises a server it left running.</summary>
    public static string[] Arguments(string binDirectory, string dataDirectory, int port) =>
    [
        Path.Combine(binDirectory, "postgres"), "-D", dataDirectory, "-p", port.ToString(CultureInfo.InvariantCulture),
        "-c", $"listen_addresses={Aspire.Hosting.ApplicationModel.InstalledPostgresServerResource.Host}", "-c", "unix_socket_directories=",
    ];
}
