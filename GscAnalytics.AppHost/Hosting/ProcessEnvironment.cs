using System.Collections;
using System.Security.Cryptography;
using System.Text.Json;
using GscAnalytics.AppHost.Dashboard;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

/// <summary>The environment Aspire gives a process: the AppHost's own, then telemetry, references, the resource's.</summary>
internal static class ProcessEnvironment
{
    // Aspire keeps these from reaching resources; each process gets its own.
    private static readonly HashSet<string> NotInherited = new(StringComparer.OrdinalIgnoreCase)
    {
        "ASPNETCORE_URLS", "DOTNET_LAUNCH_PROFILE", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT",
    };

    public static Dictionary<string, string> For(ProcessResource resource, IConfiguration configuration, DashboardHost? dashboard, bool isDevelopment)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (!NotInherited.Contains((string)entry.Key))
            {
                environment[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
            }
        }

        if (resource is ProjectResource project)
        {
            foreach (var (key, value) in LaunchProfileEnvironment(project.Project.ProjectPath))
            {
                environment[key] = value;
            }
        }

        environment["OTEL_SERVICE_NAME"] = resource.Name;
        environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        if (dashboard?.OtlpGrpcEndpoint is { } endpoint)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint.ToString().TrimEnd('/');
            environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
            environment["OTEL_EXPORTER_OTLP_HEADERS"] = $"{OtlpReceiver.ApiKeyHeader}={dashboard.OtlpApiKey}";
            environment["OTEL_TRACES_SAMPLER"] = "always_on";
            if (isDevelopment)
            {
                // As Aspire does: telemetry shows up within a second instead of the exporters' default five.
                environment["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
                environment["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
                environment["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
            }
        }
        else if ((configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) is { Length: > 0 } external)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = external;
        }

        foreach (var reference in resource.References)
        {
            environment[$"ConnectionStrings__{reference.Name}"] = reference.GetConnectionString();
            var prefix = EnvironmentName(reference.Name);
            foreach (var (property, value) in reference.GetConnectionProperties())
            {
                environment[$"{prefix}_{property.ToUpperInvariant()}"] = value;
            }
        }

        foreach (var (key, value) in resource.Environment)
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary><c>gsc-analytics-dev</c> becomes <c>GSC_ANALYTICS_DEV</c>.</summary>
    public static string EnvironmentName(string resourceName) =>
        string.Concat(resourceName.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_'));

    // Aspire starts a project with the environment of its first "Project" launch profile.
    private static IEnumerable<KeyValuePair<string, string>> LaunchProfileEnvironment(string projectPath)
    {
        var settings = Path.Combine(Path.GetDirectoryName(projectPath)!, "Properties", "launchSettings.json");
        if (!File.Exists(settings))
        {
            return [];
        }

        using var document = JsonDocument.Parse(File.ReadAllText(settings), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!document.RootElement.TryGetProperty("profiles", out var profiles))
        {
            return [];
        }

        foreach (var profile in profiles.EnumerateObject())
        {
            if (profile.Value.TryGetProperty("commandName", out var command) && command.GetString() == "Project")
            {
                return profile.Value.TryGetProperty("environmentVariables", out var variables)
                    ? variables.EnumerateObject().Select(v => KeyValuePair.Create(v.Name, v.Value.GetString() ?? string.Empty)).ToList()
                    : [];
            }
        }

        return [];
    }
}
