using Grpc.Core;
using GscAnalytics.AppHost.Dashboard.Otlp.Collector.Logs;

namespace GscAnalytics.AppHost.Dashboard;

internal sealed class OtlpLogsService(TelemetryStore store) : LogsService.LogsServiceBase
{
    public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        store.AddLogs(OtlpConverter.Logs(request.ResourceLogs));
        return Task.FromResult(new ExportLogsServiceResponse());
    }
}
