namespace GscAnalytics.AppHost.Dashboard;

/// <summary>The <c>Dashboard</c> section. Ports are on 127.0.0.1; 0 takes a free one.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    public bool Enabled { get; set; } = true;

    public int Port { get; set; } = 18888;

    public int OtlpGrpcPort { get; set; } = 18889;

    public int OtlpHttpPort { get; set; } = 18890;

    /// <summary>The login token in the printed URL; generated per run when not set.</summary>
    public string? BrowserToken { get; set; }

    /// <summary>The key telemetry senders must present as <c>x-otlp-api-key</c>; generated per run when not set.</summary>
    public string? OtlpApiKey { get; set; }

    public int MaxSpansPerResource { get; set; } = 10_000;

    public int MaxLogsPerResource { get; set; } = 10_000;
}
