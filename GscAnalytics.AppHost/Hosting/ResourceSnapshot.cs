namespace Aspire.Hosting.ApplicationModel;

/// <summary>What is known of a resource at one moment.</summary>
public sealed record ResourceSnapshot(
    string ResourceType,
    string State,
    int? ExitCode = null,
    DateTime? StartTimeStamp = null,
    DateTime? StopTimeStamp = null,
    string? HealthStatus = null)
{
    public const string Healthy = nameof(Healthy);
    public const string Unhealthy = nameof(Unhealthy);

    public bool IsHealthy => State == KnownResourceStates.Running && HealthStatus == Healthy;
}
