namespace GscAnalytics.AppHost.Dashboard;

public sealed record StoredSpan(
    string Resource,
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    string Kind,
    string Scope,
    DateTime Start,
    DateTime End,
    bool IsError,
    string? StatusMessage,
    IReadOnlyDictionary<string, string> Attributes)
{
    public double DurationMs => (End - Start).TotalMilliseconds;
}
