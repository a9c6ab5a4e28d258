using System.Globalization;
using GscAnalytics.AppHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Aspire.Hosting.Postgres;

/// <summary>
/// The installed server's life around what the orchestrator does: the data directory before it starts,
/// the databases once it is ready, and their states following the server's.
/// </summary>
internal sealed class PostgresLifecycle(InstalledPostgresServerResource server, PostgresSettings settings)
{
    private string? binDirectory;
    private volatile string? serverState;
    private IServiceProvider? services;

    public PostgresSettings Settings => settings;

    public InstalledPostgresServerResource Server => server;

    /// <summary>Why the server cannot be used although it runs (a password the data directory refuses), or null.</summary>
    public string? Failure { get; private set; }

    public IEnumerable<InstalledPostgresDatabaseResource> Databases(DistributedApplicationModel model) =>
        model.Resources.OfType<InstalledPostgresDatabaseResource>().Where(d => d.Parent == server);

    public async Task PrepareAsync(BeforeResourceStartedEvent @event, CancellationToken cancellationToken)
    {
        services = @event.Services;
        Failure = null;
        var log = ResourceLog(server);
        await PublishDatabasesAsync(KnownResourceStates.Starting);
        try
        {
            PostgresProcess.EnsureWrapperIsExecutable();
            var (found, missing) = PostgresBinaries.Find(settings.BinDirectory);
            binDirectory = found ?? throw new DistributedApplicationException(missing!);
            PostgresStartChecks.ThrowIfBlocked(settings);
            if (!PostgresDataDirectory.IsInitialized(settings.DataDirectory))
            {
                var password = await server.PasswordParameter.GetValueAsync(cancellationToken) ?? string.Empty;
                await PostgresInitdb.RunAsync(settings.DataDirectory, binDirectory, password, log, cancellationToken);
            }
        }
        catch (DistributedApplicationException e)
        {
            PostgresLog.Failed(log, e.Message);
            await PublishDatabasesAsync(KnownResourceStates.FailedToStart);
            throw;
        }
    }

    public void ServerArguments(CommandLineArgsCallbackContext context)
    {
        var port = settings.Port.ToString(CultureInfo.InvariantCulture);
        string[] args = [Path.Combine(binDirectory!, "postgres"), "-D", settings.DataDirectory, "-p", port,
            "-c", $"listen_addresses={InstalledPostgresServerResource.Host}", "-c", "unix_socket_directories="];
        foreach (var arg in args)
        {
            context.Args.Add(arg);
        }
    }

    public async Task CreateDatabasesAsync(ResourceReadyEvent @event, CancellationToken cancellationToken)
    {
        if (Failure is not null)
        {
            return;
        }

        var model = @event.Services.GetRequiredService<DistributedApplicationModel>();
        var console = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger(AppHostConsole.Category);
        await using var connection = new NpgsqlConnection(await MaintenanceConnectionStringAsync(cancellationToken));
        await connection.OpenAsync(cancellationToken);
        foreach (var database in Databases(model))
        {
            await PostgresDatabases.CreateIfMissingAsync(connection, database.DatabaseName, ResourceLog(database), cancellationToken);
        }

        // All created before any is said to run: once one database is healthy, its siblings are running too.
        foreach (var database in Databases(model))
        {
            await Notifications.PublishUpdateAsync(database, s => s with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
                StopTimeStamp = null,
            });
        }

        DataDirectoryWatch.Start(server, settings.DataDirectory, () => serverState == KnownResourceStates.Running, @event.Services);
        await PasswordFile.WriteAsync(settings.PasswordFile, settings.Port, await server.PasswordParameter.GetValueAsync(cancellationToken) ?? string.Empty, cancellationToken);
        foreach (var database in Databases(model))
        {
            AppHostConsole.Connect(console, database.Name,
                $"PGPASSFILE={settings.PasswordFile} psql -h {InstalledPostgresServerResource.Host} -p {settings.Port} -U {InstalledPostgresServerResource.UserName} {database.DatabaseName}");
        }
    }

    /// <summary>Databases follow the server: they stop, exit and fail with it.</summary>
    public Task WatchServer(BeforeStartEvent @event, CancellationToken cancellationToken)
    {
        services = @event.Services;
        var stopping = @event.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping;
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in Notifications.WatchAsync(stopping))
                {
                    if (change.Resource != server || change.Snapshot.State?.Text is not { } state)
                    {
                        continue;
                    }

                    serverState = state;
                    if (KnownResourceStates.TerminalStates.Contains(state) || state == KnownResourceStates.Stopping)
                    {
                        await PublishDatabasesAsync(Failure is null ? state : KnownResourceStates.FailedToStart);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>The data directory refuses the configured password: say so once, and fail what waits on the databases.</summary>
    public async Task FailAsync(string failure)
    {
        if (Failure == failure)
        {
            return;
        }

        Failure = failure;
        PostgresLog.Failed(ResourceLog(server), failure);
        var model = services!.GetRequiredService<DistributedApplicationModel>();
        foreach (var database in Databases(model))
        {
            PostgresLog.Failed(ResourceLog(database), $"{server.Name} cannot be used: {failure}");
        }

        AppHostConsole.Failed(services!.GetRequiredService<ILoggerFactory>().CreateLogger(AppHostConsole.Category), server.Name, failure, string.Empty);
        await PublishDatabasesAsync(KnownResourceStates.FailedToStart);
    }

    public async Task<string> MaintenanceConnectionStringAsync(CancellationToken cancellationToken) =>
        new NpgsqlConnectionStringBuilder(await server.ConnectionStringExpression.GetValueAsync(cancellationToken))
        {
            Database = "postgres",
            Pooling = false,
            Timeout = 5,
        }.ConnectionString;

    private ResourceNotificationService Notifications => services!.GetRequiredService<ResourceNotificationService>();

    private ILogger ResourceLog(IResource resource) => services!.GetRequiredService<ResourceLoggerService>().GetLogger(resource);

    private async Task PublishDatabasesAsync(string state)
    {
        var model = services!.GetRequiredService<DistributedApplicationModel>();
        foreach (var database in Databases(model))
        {
            await Notifications.PublishUpdateAsync(database, s => s with
            {
                State = state,
                StopTimeStamp = KnownResourceStates.TerminalStates.Contains(state) ? DateTime.UtcNow : null,
            });
        }
    }
}
