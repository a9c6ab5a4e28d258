using System.Net.Http.Json;
using System.Text.Json;

namespace GscAnalytics.AppHost.Tests.Helpers;

/// <summary>
/// The real dashboard for a test: on free ports (the launch profile's fixed ones would collide with an AppHost a
/// developer has running), and its telemetry HTTP API, entered with the login token the AppHost prints.
/// </summary>
public sealed class DashboardApi : IDisposable
{
    private readonly HttpClient http;

    private DashboardApi(Uri root, string? apiKey)
    {
        http = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }
    }

    /// <summary>The AppHost's arguments that put the dashboard and its OTLP endpoints on free ports.</summary>
    public static string[] FreePortArguments() =>
        [
            $"--ASPNETCORE_URLS=http://127.0.0.1:{LoopbackPort.Free()}",
            $"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:{LoopbackPort.Free()}",
            $"--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:{LoopbackPort.Free()}",
            $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{LoopbackPort.Free()}",
            "--ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
        ];

    /// <summary>The login URL from the AppHost's "Login to the dashboard at" line.</summary>
    public static string LoginUrl(DistributedApplication app) =>
        app.Services.GetFakeLogCollector().GetSnapshot().Select(r => r.Message)
            .Single(m => m.StartsWith("Login to the dashboard at ", StringComparison.Ordinal))["Login to the dashboard at ".Length..];

    /// <summary>Exchanges the login token for the telemetry API's key, as the dashboard's own pages do.</summary>
    public static async Task<DashboardApi> ConnectAsync(DistributedApplication app)
    {
        var login = new Uri(LoginUrl(app));
        var token = System.Web.HttpUtility.ParseQueryString(login.Query)["t"];
        var root = new Uri(login.GetLeftPart(UriPartial.Authority));
        using var anonymous = new DashboardApi(root, null);
        using var response = await anonymous.http.PostAsJsonAsync("/api/telemetry/validateToken", new { token });
        response.EnsureSuccessStatusCode();
        var key = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString();
        return new DashboardApi(root, key);
    }

    /// <summary>Waits until the spans of <paramref name="resource"/> include one named <paramref name="name"/>; returns the OTLP JSON it came in.</summary>
    public async Task<string> WaitForSpanAsync(string resource, string name, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var quoted = JsonSerializer.Serialize(name);
        while (true)
        {
            using var response = await http.GetAsync($"/api/telemetry/spans?resource={Uri.EscapeDataString(resource)}");
            var body = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode && body.Contains(quoted, StringComparison.Ordinal))
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no span {name} of {resource} within {timeout.TotalSeconds} s; last answer {(int)response.StatusCode}: {body}");
            await Task.Delay(250);
        }
    }

    /// <summary>The log records of <paramref name="resource"/> whose message contains <paramref name="text"/>, as OTLP JSON records.</summary>
    public async Task<List<JsonElement>> LogsAsync(string resource, string text)
    {
        using var response = await http.GetAsync($"/api/telemetry/logs?resource={Uri.EscapeDataString(resource)}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return []; // no telemetry of the resource yet
        }

        response.EnsureSuccessStatusCode();
        var root = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. Records(root).Where(r => r.TryGetProperty("body", out var body) && body.ToString().Contains(text, StringComparison.Ordinal))];
    }

    /// <summary>Waits until <see cref="LogsAsync"/> finds at least one record.</summary>
    public Task<List<JsonElement>> WaitForLogsAsync(string resource, string text, TimeSpan timeout) =>
        Poll.UntilAsync(() => LogsAsync(resource, text), found => found.Count > 0, timeout, TimeSpan.FromMilliseconds(250));

    public void Dispose() => http.Dispose();

    // OTLP's nesting: resourceLogs, their scopeLogs, their logRecords (the dashboard answers with "data" around it).
    private static IEnumerable<JsonElement> Records(JsonElement root)
    {
        var data = root.TryGetProperty("data", out var inner) ? inner : root;
        if (!data.TryGetProperty("resourceLogs", out var resources))
        {
            yield break;
        }

        foreach (var scope in resources.EnumerateArray().SelectMany(r => r.GetProperty("scopeLogs").EnumerateArray()))
        {
            foreach (var record in scope.GetProperty("logRecords").EnumerateArray())
            {
                yield return record;
            }
        }
    }
}
