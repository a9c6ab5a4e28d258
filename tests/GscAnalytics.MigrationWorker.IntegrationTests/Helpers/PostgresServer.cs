using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace GscAnalytics.MigrationWorker.IntegrationTests.Helpers;

/// <summary>
/// A throwaway PostgreSQL cluster from the installed binaries (as the postgres OS user when the
/// tests run as root), or the server named by GSC_TEST_POSTGRES. Each test takes a fresh database.
/// </summary>
public class PostgresServer : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> databases = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> roles = new(StringComparer.Ordinal);
    private readonly bool mayUseExternal;
    private string? dataRoot;
    private string startOptions = string.Empty;

    public PostgresServer()
        : this(mayUseExternal: true)
    {
    }

    /// <summary><paramref name="mayUseExternal"/> false: always a server of the tests' own, which they may stop.</summary>
    protected PostgresServer(bool mayUseExternal) => this.mayUseExternal = mayUseExternal;

    public NpgsqlConnectionStringBuilder Admin { get; private set; } = new();

    public string Password => Admin.Password!;

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("GSC_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external) && mayUseExternal)
        {
            Admin = new NpgsqlConnectionStringBuilder(external) { Database = "postgres" };
            return;
        }

        dataRoot = Path.Combine(Path.GetTempPath(), $"gsc-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataRoot);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var passwordFile = Path.Combine(dataRoot, "pw");
        await File.WriteAllTextAsync(passwordFile, password);
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", "-R", "postgres", dataRoot);
        }

        var port = FreePort();
        await RunAsPostgresAsync("initdb", "-D", DataDirectory, "-U", "postgres", "-A", "scram-sha-256", "--pwfile", passwordFile, "-E", "UTF8", "--no-locale", "--no-sync");
        startOptions = $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={dataRoot} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        await StartAsync();
        Admin = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = "postgres", Password = password, Database = "postgres",
        };
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (dataRoot is null)
        {
            await DropWhatTestsCreatedAsync();
            return;
        }

        await StopAsync();
        Directory.Delete(dataRoot, recursive: true);
    }

    private string DataDirectory => Path.Combine(dataRoot ?? throw new InvalidOperationException("Not a server the tests started."), "data");

    /// <summary>Starts the server again after <see cref="StopAsync"/>; waits until it accepts connections.</summary>
    public Task StartAsync() =>
        RunAsPostgresAsync("pg_ctl", "-D", DataDirectory, "-w", "-t", "60", "-l", Path.Combine(dataRoot!, "log"), "-o", startOptions, "start");

    /// <summary>Stops the server; by default as a crash would (<c>-m immediate</c>: no checkpoint, crash recovery at the next start).</summary>
    public Task StopAsync(string mode = "immediate")
    {
        NpgsqlConnection.ClearAllPools();
        return RunAsPostgresAsync("pg_ctl", "-D", DataDirectory, "-m", mode, "-w", "stop");
    }

    /// <summary>A new, empty database; returns its connection string.</summary>
    public async Task<NpgsqlConnectionStringBuilder> CreateDatabaseAsync(string? name = null)
    {
        name ??= $"t_{Guid.NewGuid():N}";
        databases[name] = true;
        await using var admin = await OpenAsync(Admin);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
        await create.ExecuteNonQueryAsync();
        return For(name);
    }

    /// <summary>A connection string for a database a test (or the worker) may create; dropped at the end on a server the tests did not start.</summary>
    public NpgsqlConnectionStringBuilder For(string database)
    {
        databases[database] = true;
        return new(Admin.ConnectionString) { Database = database };
    }

    /// <summary>A login role, dropped at the end on a server the tests did not start.</summary>
    public async Task<string> CreateRoleAsync(string password)
    {
        var role = $"r_{Guid.NewGuid():N}";
        roles[role] = true;
        await using var admin = await OpenAsync(Admin);
        await using var create = new NpgsqlCommand($"CREATE ROLE {role} LOGIN PASSWORD '{password}'", admin);
        await create.ExecuteNonQueryAsync();
        return role;
    }

    public static async Task<NpgsqlConnection> OpenAsync(NpgsqlConnectionStringBuilder connection)
    {
        var session = new NpgsqlConnection(connection.ConnectionString);
        await session.OpenAsync();
        return session;
    }

    public async Task<bool> DatabaseExistsAsync(string name)
    {
        await using var admin = await OpenAsync(Admin);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = $1", admin);
        command.Parameters.AddWithValue(name);
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }

    // A server named by GSC_TEST_POSTGRES is somebody's own: leave it as the tests found it.
    private async Task DropWhatTestsCreatedAsync()
    {
        await using var admin = await OpenAsync(Admin);
        foreach (var database in databases.Keys)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        foreach (var role in roles.Keys)
        {
            await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS {role}", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunAsPostgresAsync(string tool, params string[] args) =>
        Environment.IsPrivilegedProcess
            ? RunAsync("runuser", ["-u", "postgres", "--", tool, .. args])
            : RunAsync(tool, args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await error}{await output}");
        }
    }
}
