namespace GscAnalytics.Hosting.Postgres;

/// <summary>
/// Tells at once when a running server's data directory is removed: PostgreSQL itself notices only at its next
/// lock-file check, up to a minute later, and Aspire probes a healthy resource every 30 s.
/// </summary>
internal sealed class PostgresDataDirectoryWatch : IDisposable
{
    private readonly FileSystemWatcher watcher;
    private int raised;

    private PostgresDataDirectoryWatch(string dataDirectory, Action removed)
    {
        // PG_VERSION is the file that makes a folder a cluster; it goes when the folder goes.
        watcher = new FileSystemWatcher(dataDirectory, "PG_VERSION") { NotifyFilter = NotifyFilters.FileName };
        watcher.Deleted += (_, _) => Raise(removed);
        watcher.Renamed += (_, _) => Raise(removed);
        watcher.EnableRaisingEvents = true;
    }

    public static PostgresDataDirectoryWatch Start(string dataDirectory, Action removed) => new(dataDirectory, removed);

    public void Dispose() => watcher.Dispose();

    private void Raise(Action removed)
    {
        if (Interlocked.Exchange(ref raised, 1) == 0)
        {
            removed();
        }
    }
}
