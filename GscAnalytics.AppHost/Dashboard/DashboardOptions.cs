using System.ComponentModel.DataAnnotations;

namespace GscAnalytics.AppHost.Dashboard;

/// <summary>The <c>Dashboard</c> section. Ports are on 127.0.0.1; 0 takes a free one.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    public bool Enabled { get; set; } = true;

    [Range(0, 65535, ErrorMessage = "Dashboard:Port must be a TCP port (0 takes a free one).")]
    public int Port { get; set; } = 18888;

    [Range(0, 65535, ErrorMessage = "Dashboard:OtlpGrpcPort must be a TCP port (0 takes a free one).")]
    public int OtlpGrpcPort { get; set; } = 18889;

    [Range(0, 65535, ErrorMessage = "Dashboard:OtlpHttpPort must be a TCP port (0 takes a free one).")]
    public int OtlpHttpPort { get; set; } = 18890;

    /// <summary>The login token in the printed URL; generated per run when not set.</summary>
    public string? BrowserToken { get; set; }

    /// <summary>The key telemetry senders must present as <c>x-otlp-api-key</c>; generated per run when not set.</summary>
    public string? OtlpApiKey { get; set; }

    [Range(1, 1_000_000, ErrorMessage = "Dashboard:MaxSpansPerResource must be between 1 and 1,000,000.")]
    public int MaxSpansPerResource { get; set; } = 10_000;

    [Range(1, 1_000_000, ErrorMessage = "Dashboard:MaxLogsPerResource must be between 1 and 1,000,000.")]
    public int MaxLogsPerResource { get; set; } = 10_000;
}
