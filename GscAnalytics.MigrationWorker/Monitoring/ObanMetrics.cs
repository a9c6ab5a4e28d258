using System.Diagnostics.Metrics;
using GscAnalytics.Shared;

namespace GscAnalytics.MigrationWorker.Monitoring;

/// <summary>
/// Oban's metrics, as OpenTelemetry names them for the dashboard's charts: jobs by state (a gauge), each queue's
/// latency, jobs completed and attempts failed since the monitor started, and how long a poll took.
/// </summary>
internal sealed class ObanMetrics : IDisposable
{
    public const string MeterName = "GscAnalytics.ObanMonitor";

    private readonly Meter meter = new(MeterName);
    private readonly Counter<long> completed;
    private readonly Counter<long> failed;
    private readonly Histogram<double> pollDuration;
    private IReadOnlyList<ObanDatabaseState> latest = [];

    public ObanMetrics()
    {
        meter.CreateObservableGauge("oban.jobs", ObserveJobs, "{job}", "Jobs by database, queue and state");
        meter.CreateObservableGauge("oban.queue.latency", ObserveLatency, "s", "How long the oldest available job of a queue has waited");
        completed = meter.CreateCounter<long>("oban.jobs.completed", "{job}", "Jobs completed since the monitor started");
        failed = meter.CreateCounter<long>("oban.jobs.failed", "{job}", "Attempts that failed since the monitor started (retryable or discarded)");
        pollDuration = meter.CreateHistogram<double>("oban.monitor.poll.duration", "s", "How long one poll of a database took");
    }

    public void Observed(IReadOnlyList<ObanDatabaseState> states) => Volatile.Write(ref latest, states);

    public void Completed(string database, string queue, long count) =>
        completed.Add(count, new KeyValuePair<string, object?>("database", database), new KeyValuePair<string, object?>("queue", queue));

    public void Failed(string database, ObanFailure failure) =>
        failed.Add(1, new KeyValuePair<string, object?>("database", database), new KeyValuePair<string, object?>("queue", failure.Queue), new KeyValuePair<string, object?>("state", failure.State));

    public void Polled(string database, TimeSpan duration) =>
        pollDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("database", database));

    public void Dispose() => meter.Dispose();

    private IEnumerable<Measurement<long>> ObserveJobs() =>
        from database in Volatile.Read(ref latest)
        from queue in database.Queues
        from count in queue.Counts
        select new Measurement<long>(count.Value, new KeyValuePair<string, object?>("database", database.Name),
            new KeyValuePair<string, object?>("queue", queue.Queue), new KeyValuePair<string, object?>("state", count.Key));

    private IEnumerable<Measurement<double>> ObserveLatency() =>
        from database in Volatile.Read(ref latest)
        from queue in database.Queues
        select new Measurement<double>(queue.LatencySeconds ?? 0, new KeyValuePair<string, object?>("database", database.Name),
            new KeyValuePair<string, object?>("queue", queue.Queue));
}
