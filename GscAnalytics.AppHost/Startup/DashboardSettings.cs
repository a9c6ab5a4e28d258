using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;

namespace GscAnalytics.AppHost;

/// <summary>
/// The dashboard's settings: whether it runs, and its ports. The launch profile fixes the ports, so a second AppHost
/// on this machine (another checkout, a test) would find them taken; it moves to free ones instead, unless they were
/// given on the command line.
/// </summary>
internal static class DashboardSettings
{
    public const string EnabledKey = "Dashboard:Enabled";

    private static readonly string[] UrlKeys =
    [
        "ASPNETCORE_URLS",
        "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL",
        "ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL",
        "ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL",
    ];

    /// <summary><c>Dashboard:Enabled</c>: true when unset, null when it is not a boolean.</summary>
    public static bool? Enabled(IConfiguration configuration) =>
        configuration[EnabledKey] is not { } value ? true : bool.TryParse(value, out var enabled) ? enabled : null;

    /// <summary>A refusal for a <c>Dashboard:Enabled</c> that is not a boolean, or null.</summary>
    public static string? Refusal(IConfiguration configuration) => Enabled(configuration) is null
        ? $"{EnabledKey} is '{configuration[EnabledKey]}'; use true or false."
        : null;

    /// <summary>
    /// Moves each dashboard port that is taken to a free one and returns a note saying so; refuses (in
    /// <paramref name="refusal"/>) when a taken one was given on the command line, with a command that works.
    /// </summary>
    public static string? FreeTakenPorts(IConfigurationManager configuration, out string? refusal)
    {
        refusal = null;
        var moved = new List<string>();
        var explicitKeys = ((IConfigurationRoot)configuration).Providers.OfType<CommandLineConfigurationProvider>()
            .SelectMany(p => UrlKeys.Where(k => p.TryGet(k, out _))).ToHashSet(StringComparer.Ordinal);
        foreach (var key in UrlKeys)
        {
            if (configuration[key] is not { } value || !Uri.TryCreate(value.Split(';')[0], UriKind.Absolute, out var url) || url.Port == 0 || TcpPort.IsFree(url.Port))
            {
                continue;
            }

            if (explicitKeys.Contains(key))
            {
                refusal = string.Create(CultureInfo.InvariantCulture,
                    $"The dashboard's port {url.Port} ({key}) is in use, most likely by another AppHost; give free ports (dotnet run --project GscAnalytics.AppHost -- {string.Join(' ', UrlKeys.Select(k => $"--{k}=http://localhost:{TcpPort.Free()}"))}), or run without the dashboard (-- --{EnabledKey}=false).");
                return null;
            }

            var free = TcpPort.Free();
            configuration[key] = $"{url.Scheme}://{url.Host}:{free}";
            moved.Add(string.Create(CultureInfo.InvariantCulture, $"{url.Port} -> {free}"));
        }

        return moved.Count == 0
            ? null
            : $"The dashboard's usual ports are in use (another AppHost, most likely); this one uses free ports ({string.Join(", ", moved)}).";
    }
}
