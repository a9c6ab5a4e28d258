using System.Globalization;
using System.Security.Cryptography;
using Npgsql;

namespace GscAnalytics.Testing;

/// <summary>
/// A PostgreSQL cluster the tests run themselves on 127.0.0.1: a throwaway one made with initdb, or one on a data
/// directory an AppHost left, started by hand to read what a fault left behind. Its start-up log tells whether the
/// server found the cluster shut down cleanly.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private static readonly string[] CrashRecoveryLines = ["was interrupted", "not properly shut down", "redo starts"];

    private readonly string? ownRoot;
    private readonly string logFile;
    private readonly string options;

    private PostgresCluster(string dataDirectory, string password, string? ownRoot, string options)
    {
        DataDirectory = dataDirectory;
        this.ownRoot = ownRoot;
        this.options = options;
        logFile = Path.Combine(ownRoot ?? Path.GetTempPath(), $"gsc-pg-{Guid.NewGuid():N}.log");
        Admin = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = LoopbackPort.Free(), Username = "postgres", Password = password, Database = "postgres", Timeout = 10,
        };
    }

    public string DataDirectory { get; }

    /// <summary>The superuser on the <c>postgres</c> database.</summary>
    public NpgsqlConnectionStringBuilder Admin { get; }

    /// <summary>A new cluster in a folder of its own, tuned for tests (no fsync), removed when disposed.</summary>
    public static async Task<PostgresCluster> CreateAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), $"gsc-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        await File.WriteAllTextAsync(Path.Combine(root, "pw"), password);
        await PostgresTools.GiveToServerUserAsync(root);
        var cluster = new PostgresCluster(Path.Combine(root, "data"), password, root,
            $"-c unix_socket_directories={root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200");
        await PostgresTools.RunAsync("initdb", "-D", cluster.DataDirectory, "-U", "postgres", "-A", "scram-sha-256",
            "--pwfile", Path.Combine(root, "pw"), "-E", "UTF8", "--no-locale", "--no-sync");
        await cluster.StartAsync();
        return cluster;
    }

    /// <summary>A cluster an AppHost initialised, started on a free port with that AppHost's password.</summary>
    public static async Task<PostgresCluster> StartOnAsync(string dataDirectory, string password)
    {
        var cluster = new PostgresCluster(dataDirectory, password, ownRoot: null, "-c unix_socket_directories=");
        await cluster.StartAsync();
        return cluster;
    }

    /// <summary>The cluster state pg_control records ("shut down" after a clean stop, "in production" after a crash).</summary>
    public static async Task<string> StateAsync(string dataDirectory)
    {
        var output = await PostgresTools.RunAsync("pg_controldata", "-D", dataDirectory);
        return output.Split('\n').FirstOrDefault(l => l.StartsWith("Database cluster state:", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            ?? throw new InvalidOperationException($"pg_controldata said no cluster state:\n{output}");
    }

    /// <summary>Starts the server (again); waits until it accepts connections.</summary>
    public Task StartAsync() => PostgresTools.RunAsync("pg_ctl", "-D", DataDirectory, "-w", "-t", "60", "-l", logFile,
        "-o", string.Create(CultureInfo.InvariantCulture, $"-p {Admin.Port} -c listen_addresses=127.0.0.1 {options}"), "start");

    /// <summary>Stops the server; <c>immediate</c> stops it as a crash would (crash recovery at the next start).</summary>
    public Task StopAsync(string mode = "fast")
    {
        NpgsqlConnection.ClearAllPools();
        return PostgresTools.RunAsync("pg_ctl", "-D", DataDirectory, "-m", mode, "-w", "-t", "60", "stop");
    }

    /// <summary>The lines of the start-up log that tell of crash recovery; empty after a clean shutdown.</summary>
    public IReadOnlyList<string> CrashRecovery() =>
        [.. File.ReadAllLines(logFile).Where(l => CrashRecoveryLines.Any(c => l.Contains(c, StringComparison.Ordinal)))];

    public NpgsqlConnectionStringBuilder For(string database) => new(Admin.ConnectionString) { Database = database };

    public async Task<NpgsqlConnection> OpenAsync(string database = "postgres")
    {
        var session = new NpgsqlConnection(For(database).ConnectionString);
        await session.OpenAsync();
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (ownRoot is not null)
        {
            Directory.Delete(ownRoot, recursive: true);
        }
        else
        {
            File.Delete(logFile);
        }
    }
}
