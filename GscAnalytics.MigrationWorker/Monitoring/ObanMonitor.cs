using System.Diagnostics;
using GscAnalytics.MigrationWorker.Oban;
using GscAnalytics.Shared;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GscAnalytics.MigrationWorker.Monitoring;

/// <summary>
/// The worker with <c>--monitor</c>: polls Oban's tables in every database of <c>Migration:Databases</c> until stopped;
/// each poll updates the metrics, logs each attempt that failed since the poll before once, and writes what it saw to
/// the state file. A database it cannot read (no Oban schema, no connection) is said to be so, and polled again.
/// </summary>
internal sealed class ObanMonitor(
    IOptions<ObanMonitorOptions> options,
    IOptions<MigrationOptions> migration,
    IServiceProvider services,
    ObanMetrics metrics,
    IHostApplicationLifetime lifetime,
    ILogger<ObanMonitor> logger) : BackgroundService
{
    private readonly Dictionary<string, string> said = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ObanMonitorOptions settings;
        IList<string> databases;
        try
        {
            settings = options.Value;
            databases = migration.Value.Databases;
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures)
            {
                Log.InvalidConfiguration(logger, failure);
            }

            Environment.ExitCode = 1;
            lifetime.StopApplication();
            return;
        }

        var schema = ObanSchema.From(new ObanMigrationOptions { Prefix = settings.Prefix });
        var pollers = databases.Select(name => (Poller: new ObanDatabasePoller(name, schema, settings), Source: services.GetRequiredKeyedService<NpgsqlDataSource>(name))).ToList();
        MonitorLog.Watching(logger, string.Join(", ", databases), settings.PollInterval.TotalSeconds);
        using var timer = new PeriodicTimer(settings.PollInterval);
        try
        {
            do
            {
                var polls = await Task.WhenAll(pollers.Select(p => PollAsync(p.Poller, p.Source, stoppingToken)));
                foreach (var poll in polls)
                {
                    Report(poll);
                }

                var states = polls.Select(p => p.State).ToList();
                metrics.Observed(states);
                if (settings.StateFile is { Length: > 0 } file)
                {
                    await ObanStateFile.WriteAsync(file, new ObanMonitorState(DateTime.UtcNow, states), stoppingToken);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped (Ctrl+C, Stop in the dashboard): the exit code stays 0.
        }
    }

    private async Task<ObanPoll> PollAsync(ObanDatabasePoller poller, NpgsqlDataSource source, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            await using var connection = await source.OpenConnectionAsync(cancellationToken);
            var poll = await poller.PollAsync(connection, cancellationToken);
            metrics.Polled(poller.Name, watch.Elapsed);
            return poll;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            var cause = FailureDescription.Of(e, new NpgsqlConnectionStringBuilder(source.ConnectionString));
            return ObanPoll.Without(new ObanDatabaseState(poller.Name, null, $"cannot be read: {cause}", [], [], 0, []));
        }
    }

    /// <summary>A change in what the monitor sees is said once; every failed attempt is one record and one count.</summary>
    private void Report(ObanPoll poll)
    {
        var database = poll.State.Name;
        var now = poll.State.Problem ?? $"Oban version {poll.State.Version}";
        if (!said.TryGetValue(database, out var before) || before != now)
        {
            said[database] = now;
            if (poll.State.Problem is { } problem)
            {
                MonitorLog.Problem(logger, database, problem);
            }
            else
            {
                MonitorLog.Seeing(logger, database, poll.State.Version!);
            }
        }

        foreach (var failure in poll.Failures)
        {
            if (failure.Discarded)
            {
                MonitorLog.Discarded(logger, failure.Worker, failure.Id, failure.Queue, database, failure.Attempt, failure.MaxAttempts, failure.Error, failure.ShownArgs);
            }
            else
            {
                MonitorLog.Retryable(logger, failure.Worker, failure.Id, failure.Queue, database, failure.Attempt, failure.MaxAttempts, failure.Error, failure.ShownArgs);
            }

            metrics.Failed(database, failure);
        }

        foreach (var (queue, count) in poll.Completed)
        {
            metrics.Completed(database, queue, count);
        }
    }
}
