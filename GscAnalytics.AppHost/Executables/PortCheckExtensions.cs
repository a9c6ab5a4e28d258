using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

public static partial class PortCheckExtensions
{
    /// <summary>
    /// Checks that the fixed port of the endpoint <paramref name="endpointName"/> is free: before anything starts (the
    /// AppHost then refuses to run, in one line) and before each later start (the resource then fails to start with
    /// that line as its cause). The line names <paramref name="setting"/> and what holds the port, so a process that
    /// took it never passes for the resource.
    /// </summary>
    public static IResourceBuilder<T> WithFreePortCheck<T>(this IResourceBuilder<T> builder, string endpointName, string setting)
        where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        var resource = builder.Resource;
        if (builder.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            builder.ApplicationBuilder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
                Taken(resource, endpointName, setting) is { } taken ? throw new DistributedApplicationException(taken) : Task.CompletedTask);
        }

        return builder.OnBeforeResourceStarted((_, e, _) =>
        {
            if (Taken(resource, endpointName, setting) is { } taken)
            {
                // The state says it failed; the console takes the cause from this line of the resource's own log.
                PortTaken(e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource), taken);
                throw new DistributedApplicationException(taken);
            }

            return Task.CompletedTask;
        });
    }

    private static string? Taken(IResourceWithEndpoints resource, string endpointName, string setting) =>
        resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == endpointName).Port is { } port && !TcpPort.IsFree(port)
            ? string.Create(CultureInfo.InvariantCulture,
                $"{setting} {port} is in use by {TcpPort.Owner(port)}; stop it, or set {setting} to a free port.")
            : null;

    [LoggerMessage(1, LogLevel.Error, "{Cause}")]
    private static partial void PortTaken(ILogger logger, string cause);
}
