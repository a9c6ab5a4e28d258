using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GscAnalytics.AppHost;

/// <summary>
/// Which running resources have not been healthy for longer than a grace, and why: what their health checks got. A
/// cause is said once; again only when it changes, or when the resource turns unhealthy again after being healthy.
/// </summary>
internal sealed class UnhealthyWatch(TimeSpan grace, TimeProvider clock)
{
    private readonly Dictionary<string, (DateTimeOffset Since, string? Said)> unhealthy = [];

    /// <summary>The cause to say now for <paramref name="name"/> in <paramref name="snapshot"/>, or null.</summary>
    public string? Observe(string name, CustomResourceSnapshot snapshot)
    {
        lock (unhealthy)
        {
            if (snapshot.State?.Text != KnownResourceStates.Running || snapshot.HealthStatus is null or HealthStatus.Healthy)
            {
                unhealthy.Remove(name);
                return null;
            }

            var now = clock.GetUtcNow();
            var (since, said) = unhealthy.TryGetValue(name, out var entry) ? entry : (now, null);
            var cause = Cause(snapshot);
            if (now - since < grace || cause == said)
            {
                unhealthy[name] = (since, said);
                return null;
            }

            unhealthy[name] = (since, cause);
            return cause;
        }
    }

    /// <summary>What each failing check said: its description, else its exception's first line.</summary>
    private static string Cause(CustomResourceSnapshot snapshot) => string.Join("; ", snapshot.HealthReports
        .Where(r => r.Status is not HealthStatus.Healthy)
        .Select(r => r.Description is { Length: > 0 } description ? description
            : r.ExceptionText is { Length: > 0 } exception ? FailureCause.Clean(exception)
            : "its health check has not run yet")
        .Distinct());
}
