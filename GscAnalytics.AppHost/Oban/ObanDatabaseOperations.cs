using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace GscAnalytics.AppHost.Oban;

/// <summary>What the Oban commands and property of one database resource do.</summary>
internal sealed class ObanDatabaseOperations(
    IResourceWithConnectionString database, string databaseName, IResourceWithConnectionString server, ProjectResource migrations)
{
    private static readonly TimeSpan MigrationsTimeout = TimeSpan.FromMinutes(2);

    public async Task<ExecuteCommandResult> StatusAsync(ExecuteCommandContext context)
    {
        await PublishVersionAsync(context.Services, context.CancellationToken);
        if (migrations.BuiltExecutable() is not { } worker)
        {
            return CommandResults.Failure($"The build output of {migrations.Name} was not found; build the AppHost.");
        }

        var start = new ProcessStartInfo(worker, ["--verify", $"--Migration:Databases:0={database.Name}", "--Migration:ConnectTimeout=00:00:10"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment[$"ConnectionStrings__{database.Name}"] = await database.ConnectionStringExpression.GetValueAsync(context.CancellationToken);
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(context.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(context.CancellationToken);
        await process.WaitForExitAsync(context.CancellationToken);
        var lines = $"{await output}{await errors}".Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(FailureCause.WithoutPrefix)
            .ToList();
        var summary = lines.LastOrDefault(l => l.StartsWith(database.Name, StringComparison.Ordinal)) ?? lines.LastOrDefault() ?? "no output";
        return process.ExitCode == 0
            ? CommandResults.Success(summary, string.Join('\n', lines))
            : CommandResults.Failure(summary, string.Join('\n', lines));
    }

    public async Task<ExecuteCommandResult> ResetAsync(ExecuteCommandContext context)
    {
        var cancellationToken = context.CancellationToken;
        var quoted = $"\"{databaseName.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        var maintenance = new NpgsqlConnectionStringBuilder(await server.ConnectionStringExpression.GetValueAsync(cancellationToken))
        {
            Database = "postgres",
            Pooling = false,
        };
        await using (var connection = new NpgsqlConnection(maintenance.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            foreach (var sql in new[] { $"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", $"CREATE DATABASE {quoted}" })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(MigrationsTimeout);
        var finished = NextRunAsync(context.Services.GetRequiredService<ResourceNotificationService>(), timeout.Token);
        var result = await context.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(migrations, KnownResourceCommands.StartCommand, cancellationToken);
        if (!result.Success)
        {
            await timeout.CancelAsync();
            return CommandResults.Failure($"{databaseName} was recreated empty, but {migrations.Name} did not start: {result.Message}");
        }

        var exitCode = await finished;
        return exitCode == 0
            ? CommandResults.Success($"{databaseName} was recreated and migrated to Oban version {await ReadVersionAsync(cancellationToken)}.")
            : CommandResults.Failure(string.Create(CultureInfo.InvariantCulture,
                $"{databaseName} was recreated empty, but {migrations.Name} finished with exit code {exitCode}; see its console log."));
    }

    /// <summary>
    /// The exit code of the migrations' next run: a Finished state after one that is not. Watched from before the
    /// start, as the orchestrator's timestamps come from another process and cannot be compared with this one's clock.
    /// </summary>
    private async Task<int?> NextRunAsync(ResourceNotificationService notifications, CancellationToken cancellationToken)
    {
        var started = false;
        await foreach (var change in notifications.WatchAsync(cancellationToken))
        {
            if (change.Resource != migrations || change.Snapshot.State?.Text is not { } state)
            {
                continue;
            }

            if (state != KnownResourceStates.Finished)
            {
                started = true;
            }
            else if (started)
            {
                return change.Snapshot.ExitCode;
            }
        }

        return null;
    }

    /// <summary>Refreshes the version property each time the migrations finish.</summary>
    public Task WatchMigrationsAsync(IServiceProvider services)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in notifications.WatchAsync(stopping))
                {
                    if (change.Resource == migrations && change.Snapshot.State?.Text == KnownResourceStates.Finished)
                    {
                        await PublishVersionAsync(services, stopping);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task PublishVersionAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        string version;
        try
        {
            version = (await ReadVersionAsync(cancellationToken)).ToString(CultureInfo.InvariantCulture);
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

    /// <summary>The version Oban records in the comment on oban_jobs; 0 without one.</summary>
    private async Task<int> ReadVersionAsync(CancellationToken cancellationToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await database.ConnectionStringExpression.GetValueAsync(cancellationToken)) { Pooling = false };
        await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT obj_description(c.oid, 'pg_class') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = 'oban_jobs'",
            connection);
        return await command.ExecuteScalarAsync(cancellationToken) is string comment && int.TryParse(comment, CultureInfo.InvariantCulture, out var version) ? version : 0;
    }
}
