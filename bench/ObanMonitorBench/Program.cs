using System.Diagnostics;
using System.Globalization;
using GscAnalytics.MigrationWorker.Monitoring;
using GscAnalytics.MigrationWorker.Oban;
using Npgsql;

// Usage: ObanMonitorBench <connection string> <polls>
// Prints, in milliseconds, the median and range of one poll of the monitor (after one poll to warm up, as the monitor
// polls without pause) and, as the baseline in the same run, of the plain count by state and queue a naive monitor runs.
var polls = int.Parse(args[1], CultureInfo.InvariantCulture);
await using var connection = new NpgsqlConnection(args[0]);
await connection.OpenAsync();
var poller = new ObanDatabasePoller("bench", ObanSchema.From(new ObanMigrationOptions()), new ObanMonitorOptions());
await poller.PollAsync(connection, default);

var monitor = await TimeAsync(() => poller.PollAsync(connection, default));
var naive = await TimeAsync(async () =>
{
    await using var count = new NpgsqlCommand("SELECT state, queue, count(*) FROM public.oban_jobs GROUP BY state, queue", connection);
    await using var reader = await count.ExecuteReaderAsync();
    while (await reader.ReadAsync())
    {
    }
});
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"poll {Summary(monitor)}  naive count {Summary(naive)}"));

async Task<List<double>> TimeAsync(Func<Task> run)
{
    var times = new List<double>();
    for (var i = 0; i < polls; i++)
    {
        var watch = Stopwatch.StartNew();
        await run();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    return times;
}

static string Summary(List<double> times)
{
    var sorted = times.Order().ToList();
    var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    return string.Create(CultureInfo.InvariantCulture, $"{median,7:0.0} ms [{sorted[0]:0.0}-{sorted[^1]:0.0}]");
}
