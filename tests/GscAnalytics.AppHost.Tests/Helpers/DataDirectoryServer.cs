using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Aspire.Hosting.Postgres;
using Npgsql;

namespace GscAnalytics.AppHost.Tests.Helpers;

/// <summary>
/// PostgreSQL started by hand on an AppHost's data directory once that AppHost is gone, to read what a fault
/// left behind before any AppHost (or its worker) touches it again. Its start-up log tells whether the
/// server found the cluster shut down cleanly.
/// </summary>
public sealed class DataDirectoryServer : IAsyncDisposable
{
    private static readonly string[] CrashRecoveryLines = ["was interrupted", "not properly shut down", "redo starts"];

    private readonly string dataDirectory;
    private readonly string logFile = Path.Combine(Path.GetTempPath(), $"gsc-inspect-{Guid.NewGuid():N}.log");
    private readonly NpgsqlConnectionStringBuilder connection;

    private DataDirectoryServer(TestAppHost host, int port)
    {
        dataDirectory = host.DataDirectory;
        connection = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = "postgres", Password = host.Password, Pooling = false, Timeout = 10,
        };
    }

    /// <summary>The cluster state pg_control records ("shut down" after a clean stop, "in production" after a crash).</summary>
    public static async Task<string> ClusterStateAsync(string dataDirectory)
    {
        var output = await RunAsync(Path.Combine(BinDirectory, "pg_controldata"), ["-D", dataDirectory]);
        return output.Split('\n').FirstOrDefault(l => l.StartsWith("Database cluster state:", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            ?? throw new InvalidOperationException($"pg_controldata said no cluster state:\n{output}");
    }

    public static async Task<DataDirectoryServer> StartAsync(TestAppHost host)
    {
        var server = new DataDirectoryServer(host, FreePort());
        await RunAsync("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", Path.Combine(BinDirectory, "pg_ctl"),
            "-D", host.DataDirectory, "-w", "-t", "60", "-l", server.logFile, "-o",
            string.Create(CultureInfo.InvariantCulture, $"-p {server.connection.Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories="), "start"]);
        return server;
    }

    /// <summary>The lines of the start-up log that tell of crash recovery; empty after a clean shutdown.</summary>
    public IReadOnlyList<string> CrashRecovery() =>
        [.. File.ReadAllLines(logFile).Where(l => CrashRecoveryLines.Any(c => l.Contains(c, StringComparison.Ordinal)))];

    public async Task<NpgsqlConnection> OpenAsync(string database)
    {
        var session = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Database = database }.ConnectionString);
        await session.OpenAsync().WaitAsync(TestAppHost.Timeout);
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", Path.Combine(BinDirectory, "pg_ctl"),
            "-D", dataDirectory, "-m", "fast", "-w", "-t", "60", "stop"]);
        File.Delete(logFile);
    }

    private static string BinDirectory => PostgresBinaries.Find(null).Directory ?? throw new InvalidOperationException("No PostgreSQL binaries found.");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> RunAsync(string program, string[] args)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TestAppHost.Timeout);
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {process.ExitCode}: {await error}{await output}");
    }
}
