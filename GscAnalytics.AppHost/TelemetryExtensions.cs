using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

public static class TelemetryExtensions
{
    /// <summary>
    /// Aspire gives every process an OTLP endpoint even when the dashboard is off (as in tests): a process exporting
    /// to nothing waits at exit for its exports to time out, and one that asks for OTLP over HTTP fails to start. With
    /// no dashboard, no process is told to export.
    /// </summary>
    public static IDistributedApplicationBuilder ExportTelemetryOnlyToTheDashboard(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Eventing.Subscribe<BeforeStartEvent>((e, ct) =>
        {
            if (e.Services.GetRequiredService<DistributedApplicationOptions>().DisableDashboard)
            {
                foreach (var resource in e.Model.Resources)
                {
                    foreach (var exporter in resource.Annotations.OfType<OtlpExporterAnnotation>().ToList())
                    {
                        resource.Annotations.Remove(exporter);
                    }
                }
            }

            return Task.CompletedTask;
        });
        return builder;
    }
}
