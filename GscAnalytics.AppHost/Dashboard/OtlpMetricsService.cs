using Grpc.Core;
using GscAnalytics.AppHost.Dashboard.Otlp.Collector.Metrics;

namespace GscAnalytics.AppHost.Dashboard;

/// <summary>Metrics are accepted so exporters do not retry, and dropped: the dashboard shows none.</summary>
internal sealed class OtlpMetricsService : MetricsService.MetricsServiceBase
{
    public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context) =>
        Task.FromResult(new ExportMetricsServiceResponse());
}
