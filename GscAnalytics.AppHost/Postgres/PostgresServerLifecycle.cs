using System.Globalization;
using GscAnalytics.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GscAnalytics.Hosting.Postgres;

/// <summary>
/// The installed server's life, in Aspire's events: checks before anything starts, the data directory before each
/// start, the databases once it is ready, and the databases following it when it stops.
/// </summary>
internal sealed class PostgresServerLifecycle(InstalledPostgresServerResource server, InstalledPostgresOptions options)
{
    private PostgresDataDirectoryWatch? watch;

    /// <summary>Set when the server answers but refuses the password: its databases cannot be used until it restarts.</summary>
    private bool refused;

    private bool saidPersistent;

    /// <summary>Before anything starts: refuse what cannot work, and fix the port for this run.</summary>
    public Task CheckAsync(BeforeStartEvent @event, CancellationToken cancellationToken)
    {
        var errors = options.Errors.ToList();
        server.BinDirectory = PostgresBinaries.Find(options.BinDirectory);
        if (server.BinDirectory is null)
        {
            errors.Add(PostgresBinaries.NotFound);
        }

        var own = OwnServerPort();
        if (own is { } running && options.Port is { } wanted && wanted != running)
        {
            // The orchestrator takes a persistent server over only when it would start it the same way.
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"PostgreSQL left running by an earlier run ({InstalledPostgresOptions.SectionName}:Lifetime=Persistent) listens on port {running}, not {InstalledPostgresOptions.SectionName}:Port {wanted}; stop it first ({StopCommand()}), or set {InstalledPostgresOptions.SectionName}:Port to {running}."));
        }
        else if (own is null && PostgresStartChecks.DataDirectoryInUse(server.DataDirectory) is { } inUse)
        {
            errors.Add(inUse);
        }

        if (own is null && options.Port is { } configured && PostgresStartChecks.PortInUse(configured, configured: true) is { } taken)
        {
            errors.Add(taken);
        }

        if (errors.Count > 0)
        {
            throw new DistributedApplicationException(string.Join('\n', errors));
        }

        Endpoint.Port = Endpoint.TargetPort = options.Port ?? own ?? ChoosePort(@event.Services);
        return Task.CompletedTask;
    }

    public async Task PrepareAsync(InstalledPostgresServerResource resource, BeforeResourceStartedEvent @event, CancellationToken cancellationToken)
    {
        refused = false;
        var log = ResourceLog(@event.Services, server);
        await PublishDatabasesAsync(@event.Services, KnownResourceStates.Starting);
        try
        {
            PostgresProcess.EnsureWrapperIsExecutable();
            var blocked = OwnServerPort() == Port ? null : PostgresStartChecks.DataDirectoryInUse(server.DataDirectory) ?? PostgresStartChecks.PortInUse(Port, configured: options.Port is not null);
            if (blocked is not null)
            {
                throw new DistributedApplicationException(blocked);
            }

            var password = await server.PasswordParameter.GetValueAsync(cancellationToken) ?? string.Empty;
            if (!PostgresDataDirectory.IsInitialized(server.DataDirectory))
            {
                await PostgresInitdb.RunAsync(server.DataDirectory, server.BinDirectory!, password, log, cancellationToken);
            }
            else if (PasswordFile.ReadPassword(server.PasswordFile) is { } accepted && accepted != password)
            {
                // Said before the start, as the server would say it after: nothing waiting for the server starts.
                throw new DistributedApplicationException(PasswordRefused(@event.Services, before: true));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The state says it failed; the console takes the cause from this line of the server's own log.
            PostgresLog.ErrorOutput(log, e.Message);
            foreach (var database in Databases(@event.Services))
            {
                PostgresLog.ErrorOutput(ResourceLog(@event.Services, database), $"{server.Name} failed to start: {e.Message}");
            }

            await PublishDatabasesAsync(@event.Services, KnownResourceStates.FailedToStart);
            throw;
        }
    }

    public void ServerArguments(CommandLineArgsCallbackContext context)
    {
        foreach (var arg in PostgresOwnServer.Arguments(server.BinDirectory!, server.DataDirectory, Port))
        {
            context.Args.Add(arg);
        }
    }

    /// <summary>Ready: the password is tried, the databases created and said to run, and the ways to connect shown.</summary>
    public async Task OpenAsync(InstalledPostgresServerResource resource, ResourceReadyEvent @event, CancellationToken cancellationToken)
    {
        var services = @event.Services;
        var password = await server.PasswordParameter.GetValueAsync(cancellationToken) ?? string.Empty;
        try
        {
            await using var maintenance = PostgresMaintenance.Connect(await server.ConnectionStringExpression.GetValueAsync(cancellationToken) ?? string.Empty);
            await maintenance.OpenAsync(cancellationToken);
            foreach (var database in Databases(services))
            {
                if (await PostgresMaintenance.CreateIfMissingAsync(maintenance, database.DatabaseName, cancellationToken))
                {
                    PostgresLog.DatabaseCreated(ResourceLog(services, database), database.DatabaseName);
                }
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidPassword)
        {
            await RefuseAsync(services, PasswordRefused(services, before: false));
            return;
        }
        catch (NpgsqlException e)
        {
            await RefuseAsync(services, $"{server.Name} is ready but its databases could not be created: {e.Message}");
            return;
        }

        // All created before any is said to run: once one database is healthy, its siblings exist too.
        await PublishDatabasesAsync(services, KnownResourceStates.Running);
        await PasswordFile.WriteAsync(server.PasswordFile, Port, password, cancellationToken);
        var console = services.GetRequiredService<ILoggerFactory>().CreateLogger(PostgresLog.Category);
        foreach (var database in Databases(services))
        {
            PostgresLog.Connect(console, database.Name, PostgresPsql.CommandLine(database));
        }

        watch?.Dispose();
        watch = PostgresDataDirectoryWatch.Start(server.DataDirectory, () => _ = StopRemovedAsync(services));
        if (options.Persistent && !saidPersistent)
        {
            saidPersistent = true;
            PostgresLog.Persistent(console, server.Name, StopCommand());
        }
    }

    /// <summary>Stopped, exited or crashed: the databases go with it.</summary>
    public async Task ClosedAsync(InstalledPostgresServerResource resource, ResourceStoppedEvent @event, CancellationToken cancellationToken)
    {
        watch?.Dispose();
        watch = null;
        if (!refused)
        {
            await PublishDatabasesAsync(@event.Services, @event.ResourceEvent.Snapshot.State?.Text ?? KnownResourceStates.Exited);
        }
    }

    /// <summary>A persistent server this AppHost left running, which the orchestrator takes over: its port, or null.</summary>
    private int? OwnServerPort() =>
        options.Persistent && server.BinDirectory is { } bin ? PostgresOwnServer.Port(server.DataDirectory, bin) : null;

    private string StopCommand()
    {
        var stop = $"{Path.Combine(server.BinDirectory!, "pg_ctl")} -D {server.DataDirectory} -m fast stop";
        return PostgresProcess.RunsAsOtherUser ? $"runuser -u {PostgresProcess.OsUser} -- {stop}" : stop;
    }

    private EndpointAnnotation Endpoint => server.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == InstalledPostgresServerResource.PrimaryEndpointName);

    private int Port => Endpoint.Port!.Value;

    private int ChoosePort(IServiceProvider services)
    {
        var remembered = PostgresPort.Remembered(server.DataDirectory);
        if (remembered is { } port && TcpPort.IsFree(port))
        {
            return port;
        }

        var chosen = TcpPort.Free();
        if (remembered is { } taken)
        {
            PostgresLog.PortMoved(services.GetRequiredService<ILoggerFactory>().CreateLogger(PostgresLog.Category),
                server.Name, taken, server.DataDirectory, TcpPort.Owner(taken), chosen);
        }

        return chosen;
    }

    /// <summary>
    /// The password's refusal: by the server (<paramref name="before"/> false), or before the start, because the pgpass
    /// file holds another password than the one the server accepted last (it keeps what the server accepted, so a
    /// password changed inside PostgreSQL is fixed by deleting that file).
    /// </summary>
    private string PasswordRefused(IServiceProvider services, bool before)
    {
        var parameter = $"Parameters:{server.PasswordParameter.Name}";
        var why = before
            ? $"PostgreSQL in {server.DataDirectory} would reject {parameter} (28P01): it last accepted another password, the one in {server.PasswordFile}. "
            : $"PostgreSQL in {server.DataDirectory} rejected {parameter} (28P01): that data directory was initialised with another password. ";
        var fix = $"Set the original one (dotnet user-secrets set {parameter} <password> --project {services.GetRequiredService<IHostEnvironment>().ApplicationName}), "
            + $"or, to start over with empty databases, stop the AppHost and delete {server.DataDirectory}";
        return why + fix + (before ? $"; if you changed the password inside PostgreSQL, delete {server.PasswordFile}." : ".");
    }

    /// <summary>The server runs but cannot be used: say why once, on the console and in its log, and fail its databases.</summary>
    private async Task RefuseAsync(IServiceProvider services, string cause)
    {
        refused = true;
        PostgresLog.Failed(services.GetRequiredService<ILoggerFactory>().CreateLogger(PostgresLog.Category), server.Name, cause);
        PostgresLog.ErrorOutput(ResourceLog(services, server), cause);
        foreach (var database in Databases(services))
        {
            PostgresLog.ErrorOutput(ResourceLog(services, database), $"{server.Name} cannot be used, see its log");
        }

        await PublishDatabasesAsync(services, KnownResourceStates.FailedToStart);
    }

    private async Task StopRemovedAsync(IServiceProvider services)
    {
        var cause = $"its data directory {server.DataDirectory} was removed; stopping it (Start initialises a new, empty one).";
        PostgresLog.Failed(services.GetRequiredService<ILoggerFactory>().CreateLogger(PostgresLog.Category), server.Name, cause);
        PostgresLog.ErrorOutput(ResourceLog(services, server), cause);
        var stop = await services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(server, KnownResourceCommands.StopCommand);
        if (!stop.Success)
        {
            PostgresLog.Failed(services.GetRequiredService<ILoggerFactory>().CreateLogger(PostgresLog.Category), server.Name,
                $"it could not be stopped ({stop.Message}); stop the AppHost (Ctrl+C).");
        }
    }

    private IEnumerable<InstalledPostgresDatabaseResource> Databases(IServiceProvider services) =>
        services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<InstalledPostgresDatabaseResource>().Where(d => d.Parent == server);

    private static ILogger ResourceLog(IServiceProvider services, IResource resource) =>
        services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);

    private async Task PublishDatabasesAsync(IServiceProvider services, string state)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        foreach (var database in Databases(services))
        {
            await notifications.PublishUpdateAsync(database, s => s with
            {
                State = state,
                StartTimeStamp = state == KnownResourceStates.Running ? DateTime.UtcNow : s.StartTimeStamp,
                StopTimeStamp = KnownResourceStates.TerminalStates.Contains(state) ? DateTime.UtcNow : null,
            });
        }
    }
}
