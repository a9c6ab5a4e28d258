namespace GscAnalytics.AppHost.Dashboard;

public sealed record TraceSummary(
    string TraceId,
    string Name,
    IReadOnlyList<string> Resources,
    DateTime Start,
    double DurationMs,
    int SpanCount,
    bool HasError);
