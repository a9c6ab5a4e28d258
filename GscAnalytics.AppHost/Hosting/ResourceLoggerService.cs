using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Each resource's console output: written to the AppHost's console under the resource's name and
/// kept, the newest lines only, for tests and the dashboard.
/// </summary>
public sealed class ResourceLoggerService(ILoggerFactory loggerFactory)
{
    public const int MaxLinesPerResource = 10_000;

    private readonly ConcurrentDictionary<string, (ILogger Logger, Queue<string> Lines)> resources = new(StringComparer.Ordinal);
    private long version;

    /// <summary>Changes with every line, for live views to notice.</summary>
    public long Version => Interlocked.Read(ref version);

    public void WriteLine(IResource resource, string line)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var (logger, lines) = resources.GetOrAdd(resource.Name, name => (CreateLogger(name), new Queue<string>()));
        lock (lines)
        {
            if (lines.Count == MaxLinesPerResource)
            {
                lines.Dequeue();
            }

            lines.Enqueue(line);
        }

        Interlocked.Increment(ref version);
        try
        {
            Log.ResourceOutput(logger, line);
        }
        catch (ObjectDisposedException)
        {
            // The console is gone while the AppHost shuts down; the line stays in memory.
        }
    }

    // A process can still print while the AppHost is disposed; its line is kept but not shown.
    private ILogger CreateLogger(string name)
    {
        try
        {
            return loggerFactory.CreateLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        }
    }

    public IReadOnlyList<string> GetLines(string name)
    {
        if (!resources.TryGetValue(name, out var entry))
        {
            return [];
        }

        lock (entry.Lines)
        {
            return [.. entry.Lines];
        }
    }
}
