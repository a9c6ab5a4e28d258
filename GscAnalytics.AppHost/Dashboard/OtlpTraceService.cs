using Grpc.Core;
using GscAnalytics.AppHost.Dashboard.Otlp.Collector.Trace;

namespace GscAnalytics.AppHost.Dashboard;

internal sealed class OtlpTraceService(TelemetryStore store) : TraceService.TraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        store.AddSpans(OtlpConverter.Spans(request.ResourceSpans));
        return Task.FromResult(new ExportTraceServiceResponse());
    }
}
