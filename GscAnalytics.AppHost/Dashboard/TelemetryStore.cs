namespace GscAnalytics.AppHost.Dashboard;

/// <summary>
/// Spans and log records received over OTLP, kept per resource up to a bound; the oldest go first,
/// so a long run cannot grow memory without limit.
/// </summary>
public sealed class TelemetryStore(int maxSpansPerResource, int maxLogsPerResource)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, LinkedList<StoredSpan>> spans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkedList<StoredLog>> logs = new(StringComparer.Ordinal);
    private long version;

    /// <summary>Changes with every addition, for live views to notice.</summary>
    public long Version => Interlocked.Read(ref version);

    public void AddSpans(IEnumerable<StoredSpan> received) => Add(received, s => s.Resource, spans, maxSpansPerResource);

    public void AddLogs(IEnumerable<StoredLog> received) => Add(received, l => l.Resource, logs, maxLogsPerResource);

    public int SpanCount(string resource)
    {
        lock (gate)
        {
            return spans.TryGetValue(resource, out var list) ? list.Count : 0;
        }
    }

    public int LogCount(string resource)
    {
        lock (gate)
        {
            return logs.TryGetValue(resource, out var list) ? list.Count : 0;
        }
    }

    public IReadOnlyList<TraceSummary> GetTraces()
    {
        List<StoredSpan> all;
        lock (gate)
        {
            all = spans.Values.SelectMany(l => l).ToList();
        }

        return all.GroupBy(s => s.TraceId)
            .Select(trace =>
            {
                var ids = trace.Select(s => s.SpanId).ToHashSet();
                var root = trace.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).MinBy(s => s.Start) ?? trace.First();
                var start = trace.Min(s => s.Start);
                return new TraceSummary(
                    trace.Key,
                    $"{root.Resource}: {root.Name}",
                    trace.Select(s => s.Resource).Distinct().Order(StringComparer.Ordinal).ToList(),
                    start,
                    (trace.Max(s => s.End) - start).TotalMilliseconds,
                    trace.Count(),
                    trace.Any(s => s.IsError));
            })
            .OrderByDescending(t => t.Start)
            .ToList();
    }

    public IReadOnlyList<StoredSpan> GetTrace(string traceId)
    {
        lock (gate)
        {
            return spans.Values.SelectMany(l => l).Where(s => s.TraceId == traceId).OrderBy(s => s.Start).ToList();
        }
    }

    public IReadOnlyList<StoredLog> GetLogs(string? resource = null)
    {
        lock (gate)
        {
            return logs.Where(e => resource is null || e.Key == resource).SelectMany(e => e.Value).OrderBy(l => l.Time).ToList();
        }
    }

    private void Add<T>(IEnumerable<T> received, Func<T, string> resourceOf, Dictionary<string, LinkedList<T>> store, int bound)
    {
        lock (gate)
        {
            foreach (var item in received)
            {
                var resource = resourceOf(item);
                if (!store.TryGetValue(resource, out var list))
                {
                    store[resource] = list = new LinkedList<T>();
                }

                list.AddLast(item);
                if (list.Count > bound)
                {
                    list.RemoveFirst();
                }
            }
        }

        Interlocked.Increment(ref version);
    }
}
