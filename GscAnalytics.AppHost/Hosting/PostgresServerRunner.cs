using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Aspire.Hosting;

/// <summary>
/// Runs the postgres resource: initdb on first use, the server on 127.0.0.1 with SCRAM passwords
/// (as the postgres OS user when the AppHost runs as root), health by connecting, and the databases.
/// </summary>
internal sealed class PostgresServerRunner(PostgresServerResource server, ResourceLoggerService logs, ILogger logger) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly string? ServerUser = Environment.IsPrivilegedProcess ? PostgresServerResource.UserName : null;

    // Created readable by its owner only, never world-readable, not even for a moment.
    private static readonly FileStreamOptions PrivateFile = OperatingSystem.IsWindows()
        ? new() { Mode = FileMode.CreateNew, Access = FileAccess.Write }
        : new() { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };

    private ManagedProcess? process;

    public Task<int>? Exited => process?.Exited;

    /// <summary>Starts the server; returns once it accepts the configured password.</summary>
    public async Task StartAsync(Action running, CancellationToken cancellationToken)
    {
        var bin = PostgresBinaries.Find(server.BinDirectory);
        var data = Path.GetFullPath(server.DataDirectory);
        if (File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            Log.Reusing(logger, data);
        }
        else
        {
            Log.Initialising(logger, data);
            await InitializeAsync(bin, data, cancellationToken);
        }

        server.Port ??= FreePort();
        process = ManagedProcess.Start(server, logs, Path.Combine(bin, "postgres"),
            ["-D", data, "-p", server.Port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
            userName: ServerUser);
        running();
        await WaitUntilAcceptingAsync(data, cancellationToken);
    }

    public async Task CreateDatabaseAsync(PostgresDatabaseResource database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Maintenance(timeoutSeconds: 15));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.AddWithValue(database.DatabaseName);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            Log.DatabaseCreated(logger, database.DatabaseName);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Created meanwhile by someone else; that is what we wanted.
        }
    }

    /// <summary>Fast shutdown: open transactions roll back, the data stays consistent.</summary>
    public async Task StopAsync()
    {
        if (process is null)
        {
            return;
        }

        if (!await process.StopAsync(ManagedProcess.SigInt, TimeSpan.FromSeconds(30)))
        {
            Log.Killed(logger, server.Name, 30);
        }
    }

    public void Dispose() => process?.Dispose();

    private async Task InitializeAsync(string bin, string data, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(data);
        var passwordFile = Path.Combine(Path.GetTempPath(), $"gsc-pg-{Guid.NewGuid():N}");
        await using (var secret = new FileStream(passwordFile, PrivateFile))
        {
            await secret.WriteAsync(System.Text.Encoding.UTF8.GetBytes(server.Password), cancellationToken);
        }

        try
        {
            if (ServerUser is not null)
            {
                await RunAsync("chown", [ServerUser, data, passwordFile], null, cancellationToken);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            await RunAsync(Path.Combine(bin, "initdb"),
                ["-D", data, "-U", PostgresServerResource.UserName, "--auth=scram-sha-256", "--pwfile", passwordFile, "-E", "UTF8", "--locale=C.UTF-8"],
                ServerUser, cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private async Task RunAsync(string file, string[] args, string? userName, CancellationToken cancellationToken)
    {
        using var run = ManagedProcess.Start(server, logs, file, args, userName: userName);
        int exitCode;
        try
        {
            exitCode = await run.Exited.WaitAsync(StartTimeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The AppHost is stopping: initdb cleans up after itself when signalled.
            await run.StopAsync(ManagedProcess.SigTerm, TimeSpan.FromSeconds(5));
            throw;
        }
        catch (TimeoutException e)
        {
            await run.StopAsync(ManagedProcess.SigTerm, TimeSpan.FromSeconds(5));
            throw new DistributedApplicationException($"{Path.GetFileName(file)} did not finish within {StartTimeout.TotalSeconds} s.", e);
        }

        if (exitCode != 0)
        {
            throw new DistributedApplicationException($"{Path.GetFileName(file)} exited with code {exitCode}; its output is in the postgres log above.");
        }
    }

    private async Task WaitUntilAcceptingAsync(string data, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        var connectionString = Maintenance(timeoutSeconds: 5);
        while (true)
        {
            if (process!.Exited.IsCompleted)
            {
                throw new DistributedApplicationException($"postgres exited with code {await process.Exited} before accepting connections; its output is above.");
            }

            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(timeout.Token);
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidPassword)
            {
                throw new DistributedApplicationException(
                    $"PostgreSQL in {data} rejected Parameters:{server.Name}-password (28P01): that data directory was initialised with another password. "
                    + $"Set Parameters:{server.Name}-password to the original one (dotnet user-secrets set Parameters:{server.Name}-password <password> --project GscAnalytics.AppHost), "
                    + $"or delete {data} to start over with empty databases.");
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !timeout.IsCancellationRequested)
            {
                // Not ready yet; try again below, outside the catch, so a timeout there is handled here too.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw NotReady();
            }

            try
            {
                await Task.Delay(50, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw NotReady();
            }
        }

        DistributedApplicationException NotReady() =>
            new($"postgres did not accept connections on {PostgresServerResource.Host}:{server.Port} within {StartTimeout.TotalSeconds} s.");
    }

    private string Maintenance(int timeoutSeconds) =>
        new NpgsqlConnectionStringBuilder(server.GetConnectionString()) { Database = "postgres", Pooling = false, Timeout = timeoutSeconds }.ConnectionString;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
