using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting.Eventing;
using GscAnalytics.Shared;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GscAnalytics.AppHost.Oban;

/// <summary>What the Oban commands and property of one database resource do.</summary>
internal sealed class ObanDatabaseOperations(IResourceWithConnectionString database, ProjectResource migrations)
{
    /// <summary>How old an ended job must be for the prune command.</summary>
    public static readonly TimeSpan PruneAge = TimeSpan.FromDays(1);

    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The worker in verify mode on this database alone: its last line for this database is the answer.</summary>
    public async Task<ExecuteCommandResult> StatusAsync(ExecuteCommandContext context)
    {
        await PublishVersionAsync(context.Services, context.CancellationToken);
        if (migrations.BuiltExecutable() is not { } worker)
        {
            return CommandResults.Failure($"The build output of {migrations.Name} was not found; build the AppHost.");
        }

        var start = new ProcessStartInfo(worker,
        [
            WorkerSettings.VerifySwitch,
            WorkerSettings.Argument($"{WorkerSettings.Databases}:0", database.Name),
            WorkerSettings.Argument(WorkerSettings.ConnectTimeout, "00:00:10"),
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment[$"ConnectionStrings__{database.Name}"] = await database.ConnectionStringExpression.GetValueAsync(context.CancellationToken);
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        limit.CancelAfter(StatusTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            context.CancellationToken.ThrowIfCancellationRequested();
            return CommandResults.Failure(string.Create(CultureInfo.InvariantCulture,
                $"{migrations.Name} --verify did not finish within {StatusTimeout.TotalSeconds:0} s; see the console log of {database.Name}'s server."));
        }

        var lines = $"{await output}\n{await errors}".Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(FailureCause.Clean)
            .ToList();
        var summary = lines.LastOrDefault(l => l.StartsWith(database.Name, StringComparison.Ordinal)) ?? lines.LastOrDefault() ?? "no output";
        return process.ExitCode == 0
            ? CommandResults.Success(summary, string.Join('\n', lines))
            : CommandResults.Failure(summary, string.Join('\n', lines));
    }

    /// <summary>
    /// Brings the database back as the chain leaves it on a fresh start: what runs on it is stopped, the database dropped
    /// and created empty, the migrations run, then what else migrates it (an app's own migrations) in order, and what was
    /// stopped is started again; each step waits for the one before to exit 0.
    /// </summary>
    public async Task<ExecuteCommandResult> ResetAsync(ExecuteCommandContext context)
    {
        var cancellationToken = context.CancellationToken;
        var services = context.Services;
        var name = database.DatabaseName();
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        if (notifications.TryGetCurrentState(migrations.Name, out var run) && run.Snapshot.State?.Text is { } state && !KnownResourceStates.TerminalStates.Contains(state))
        {
            // Dropping now would end the running worker's session, and its outcome would be taken for this reset's.
            return CommandResults.Failure($"{migrations.Name} is {state}: wait until it has finished, then reset {name} again.");
        }

        var dependents = DatabaseDependents.Of(services.GetRequiredService<DistributedApplicationModel>(), database, migrations);
        var commands = services.GetRequiredService<ResourceCommandService>();
        var stopped = new List<IResource>();
        foreach (var service in dependents.Services.Where(s => notifications.TryGetCurrentState(s.Name, out var current)
            && current.Snapshot.State?.Text is { } now && !KnownResourceStates.TerminalStates.Contains(now) && now != KnownResourceStates.NotStarted))
        {
            var stop = await commands.ExecuteCommandAsync(service, KnownResourceCommands.StopCommand, cancellationToken);
            if (!stop.Success)
            {
                return CommandResults.Failure($"{name} was not reset: {service.Name} did not stop ({stop.Message}).");
            }

            stopped.Add(service);
        }

        await using (var maintenance = PostgresMaintenance.Connect(await database.Server().ConnectionStringExpression.GetValueAsync(cancellationToken) ?? string.Empty))
        {
            await maintenance.OpenAsync(cancellationToken);
            await PostgresMaintenance.DropAsync(maintenance, name, cancellationToken);
            await PostgresMaintenance.CreateIfMissingAsync(maintenance, name, cancellationToken);
        }

        foreach (var job in (IEnumerable<IResource>)[migrations, .. dependents.Jobs])
        {
            if (await RunAsync(job, services, cancellationToken) is { } failed)
            {
                return CommandResults.Failure($"{name} was recreated empty, but {failed}{(stopped.Count > 0 ? $"; {string.Join(", ", stopped.Select(s => s.Name))} stay stopped" : string.Empty)}.");
            }
        }

        foreach (var service in stopped)
        {
            await commands.ExecuteCommandAsync(service, KnownResourceCommands.StartCommand, cancellationToken);
        }

        var version = await ReadVersionAsync(cancellationToken);
        var after = string.Join("; ", (IEnumerable<string>)[
            .. dependents.Jobs.Select(j => $"{j.Name} ran again"),
            .. stopped.Count > 0 ? [$"{string.Join(", ", stopped.Select(s => s.Name))} started again"] : Array.Empty<string>()]);
        return CommandResults.Success($"{name} was recreated and migrated to Oban version {version}{(after.Length > 0 ? $"; {after}" : string.Empty)}.");
    }

    /// <summary>Starts a job and waits for its run to end: null once it exited 0, else what went wrong, as a sentence's end.</summary>
    private static async Task<string?> RunAsync(IResource job, IServiceProvider services, CancellationToken cancellationToken)
    {
        var eventing = services.GetRequiredService<IDistributedApplicationEventing>();
        var stopped = new TaskCompletionSource<int?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = eventing.Subscribe<ResourceStoppedEvent>(job, (e, _) =>
        {
            stopped.TrySetResult(e.ResourceEvent.Snapshot.ExitCode);
            return Task.CompletedTask;
        });
        try
        {
            var result = await services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(job, KnownResourceCommands.StartCommand, cancellationToken);
            if (!result.Success)
            {
                return $"{job.Name} did not start: {result.Message}";
            }

            var exitCode = await stopped.Task.WaitAsync(JobTimeout, cancellationToken);
            return exitCode == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"{job.Name} finished with exit code {exitCode}; see its console log");
        }
        catch (TimeoutException)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{job.Name} did not finish within {JobTimeout.TotalMinutes:0} minutes");
        }
        finally
        {
            eventing.Unsubscribe(subscription);
        }
    }

    /// <summary>Retryable and discarded jobs made available again; says how many, by queue.</summary>
    public async Task<ExecuteCommandResult> RetryFailedAsync(ExecuteCommandContext context)
    {
        await using var connection = await OpenAsync(context.CancellationToken);
        var retried = await ObanJobCommands.RetryFailedAsync(connection, ObanVersionQuery.DefaultPrefix, context.CancellationToken);
        return CommandResults.Success(retried.Count == 0
            ? $"{database.DatabaseName()} has no retryable or discarded job."
            : string.Create(CultureInfo.InvariantCulture,
                $"{retried.Sum(r => r.Count)} jobs of {database.DatabaseName()} are available again: {string.Join(", ", retried.Select(r => $"{r.Count} in {r.Queue}"))}."));
    }

    /// <summary>Every queue of every node asked to pause or resume, through Oban's own notifier channel.</summary>
    public async Task<ExecuteCommandResult> SignalAsync(ExecuteCommandContext context, string action)
    {
        await using var connection = await OpenAsync(context.CancellationToken);
        var (channel, json) = await ObanJobCommands.SignalAllQueuesAsync(connection, ObanVersionQuery.DefaultPrefix, action, context.CancellationToken);
        return CommandResults.Success($"Asked every queue (\"*\") of every Oban node on {database.DatabaseName()} to {action}: pg_notify on {channel} with {json}.");
    }

    /// <summary>Completed, cancelled and discarded jobs older than <see cref="PruneAge"/> deleted; says how many, by state.</summary>
    public async Task<ExecuteCommandResult> PruneAsync(ExecuteCommandContext context)
    {
        await using var connection = await OpenAsync(context.CancellationToken);
        await using var now = new NpgsqlCommand("SELECT timezone('UTC', now())", connection);
        var before = (DateTime)(await now.ExecuteScalarAsync(context.CancellationToken))! - PruneAge;
        var pruned = await ObanJobCommands.PruneAsync(connection, ObanVersionQuery.DefaultPrefix, before, context.CancellationToken);
        return CommandResults.Success(pruned.Count == 0
            ? $"{database.DatabaseName()} has no ended job older than {PruneAge.TotalHours:0} hours."
            : string.Create(CultureInfo.InvariantCulture,
                $"Deleted {pruned.Values.Sum()} jobs of {database.DatabaseName()} older than {PruneAge.TotalHours:0} hours: {string.Join(", ", pruned.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Value} {p.Key}"))}."));
    }

    public async Task PublishVersionAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        string version;
        try
        {
            version = await ReadVersionAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            version = $"unknown ({e.Message})";
        }

        await services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(database, s => s with
        {
            Properties =
            [
                .. s.Properties.Where(p => p.Name != ObanDatabaseCommands.VersionProperty),
                new ResourcePropertySnapshot(ObanDatabaseCommands.VersionProperty, version) { DisplayName = "Oban version", IsHighlighted = true },
            ],
        });
    }

    /// <summary>The version Oban recorded, as recorded ("none" without one).</summary>
    private async Task<string> ReadVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ObanVersionQuery.ReadCommentAsync(connection, ObanVersionQuery.DefaultPrefix, cancellationToken) ?? "none";
    }

    /// <summary>A session on the database, outside any pool: a command's work, done once.</summary>
    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await database.ConnectionStringExpression.GetValueAsync(cancellationToken)) { Pooling = false };
        var connection = new NpgsqlConnection(connectionString.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
