using GscAnalytics.AppHost.Dashboard;

namespace GscAnalytics.AppHost.Tests;

public sealed class TelemetryStoreTests
{
    [Fact]
    public void EachResourceKeepsOnlyItsNewestSpansAndLogs()
    {
        var store = new TelemetryStore(maxSpansPerResource: 3, maxLogsPerResource: 2);

        store.AddSpans(Enumerable.Range(1, 5).Select(i => Span("migrations", $"t{i}")));
        store.AddSpans([Span("phoenix", "p1")]);
        store.AddLogs(Enumerable.Range(1, 4).Select(i => Log("migrations", $"line {i}")));

        Assert.Equal(3, store.SpanCount("migrations"));
        Assert.Equal(1, store.SpanCount("phoenix"));
        Assert.Equal(["p1", "t3", "t4", "t5"], store.GetTraces().Select(t => t.TraceId).Order(StringComparer.Ordinal));
        Assert.Equal(["line 3", "line 4"], store.GetLogs("migrations").Select(l => l.Message));
    }

    private static StoredSpan Span(string resource, string traceId) =>
        new(resource, traceId, traceId + "-span", null, "work", "Internal", "test", DateTime.UnixEpoch, DateTime.UnixEpoch.AddMilliseconds(1), false, null, new Dictionary<string, string>());

    private static StoredLog Log(string resource, string message) =>
        new(resource, DateTime.UtcNow, "Information", "test", message, null, null, new Dictionary<string, string>());
}
