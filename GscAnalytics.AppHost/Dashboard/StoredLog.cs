namespace GscAnalytics.AppHost.Dashboard;

public sealed record StoredLog(
    string Resource,
    DateTime Time,
    string Level,
    string Category,
    string Message,
    string? TraceId,
    string? SpanId,
    IReadOnlyDictionary<string, string> Attributes);
