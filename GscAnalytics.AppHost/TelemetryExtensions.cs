using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

public static class TelemetryExtensions
{
    /// <summary>
    /// Aspire gives every process an OTLP endpoint even when the dashboard is off (as in tests), and a
    /// process exporting to nothing waits at exit for its exports to time out. With no dashboard, none is given.
    /// </summary>
    public static IDistributedApplicationBuilder ExportTelemetryOnlyToTheDashboard(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Eventing.Subscribe<BeforeStartEvent>((e, ct) =>
        {
            if (e.Services.GetRequiredService<DistributedApplicationOptions>().DisableDashboard)
            {
                foreach (var resource in e.Model.Resources.OfType<IResourceWithEnvironment>())
                {
                    resource.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
                    {
                        context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
                        return Task.CompletedTask;
                    }));
                }
            }

            return Task.CompletedTask;
        });
        return builder;
    }
}
