using System.Globalization;
using Google.Protobuf;
using GscAnalytics.AppHost.Dashboard.Otlp.Common;
using GscAnalytics.AppHost.Dashboard.Otlp.Logs;
using GscAnalytics.AppHost.Dashboard.Otlp.Trace;

namespace GscAnalytics.AppHost.Dashboard;

/// <summary>OTLP messages into the store's records; the resource is the sender's <c>service.name</c>.</summary>
internal static class OtlpConverter
{
    public static IEnumerable<StoredSpan> Spans(IEnumerable<ResourceSpans> resourceSpans) =>
        from resource in resourceSpans
        let name = ServiceName(resource.Resource?.Attributes)
        from scope in resource.ScopeSpans
        from span in scope.Spans
        select new StoredSpan(
            name,
            Hex(span.TraceId),
            Hex(span.SpanId),
            span.ParentSpanId.IsEmpty ? null : Hex(span.ParentSpanId),
            span.Name,
            span.Kind.ToString().Replace("SpanKind", string.Empty, StringComparison.Ordinal),
            scope.Scope?.Name ?? string.Empty,
            Time(span.StartTimeUnixNano),
            Time(span.EndTimeUnixNano),
            span.Status?.Code == Status.Types.StatusCode.Error,
            string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
            Attributes(span.Attributes));

    public static IEnumerable<StoredLog> Logs(IEnumerable<ResourceLogs> resourceLogs) =>
        from resource in resourceLogs
        let name = ServiceName(resource.Resource?.Attributes)
        from scope in resource.ScopeLogs
        from record in scope.LogRecords
        select new StoredLog(
            name,
            Time(record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano),
            Level(record),
            scope.Scope?.Name ?? string.Empty,
            record.Body is null ? string.Empty : Text(record.Body),
            record.TraceId.IsEmpty ? null : Hex(record.TraceId),
            record.SpanId.IsEmpty ? null : Hex(record.SpanId),
            Attributes(record.Attributes));

    private static string ServiceName(IEnumerable<KeyValue>? attributes) =>
        attributes?.FirstOrDefault(a => a.Key == "service.name")?.Value is { } value ? Text(value) : "unknown";

    private static Dictionary<string, string> Attributes(IEnumerable<KeyValue> attributes)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            result[attribute.Key] = attribute.Value is null ? string.Empty : Text(attribute.Value);
        }

        return result;
    }

    private static string Text(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(v => $"{v.Key}: {(v.Value is null ? string.Empty : Text(v.Value))}")) + "}",
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        _ => string.Empty,
    };

    private static string Level(LogRecord record) => record.SeverityNumber switch
    {
        >= SeverityNumber.Fatal => "Critical",
        >= SeverityNumber.Error => "Error",
        >= SeverityNumber.Warn => "Warning",
        >= SeverityNumber.Info => "Information",
        >= SeverityNumber.Debug => "Debug",
        > SeverityNumber.Unspecified => "Trace",
        _ => string.IsNullOrEmpty(record.SeverityText) ? "Information" : record.SeverityText,
    };

    private static DateTime Time(ulong unixNanoseconds) =>
        DateTime.UnixEpoch.AddTicks((long)(unixNanoseconds / 100));

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);
}
