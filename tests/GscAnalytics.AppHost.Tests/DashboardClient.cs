using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GscAnalytics.AppHost.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace GscAnalytics.AppHost.Tests;

/// <summary>The dashboard's API as the page uses it: logged in through the token URL, with its cookie.</summary>
internal sealed class DashboardClient : IDisposable
{
    private readonly HttpClient http;

    public DashboardClient(DistributedApplication app)
    {
        Dashboard = app.Services.GetRequiredService<DashboardHost>();
        http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = Dashboard.DashboardUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public DashboardHost Dashboard { get; }

    public async Task<HttpStatusCode> LoginAsync(string? token = null)
    {
        using var response = await http.GetAsync(new Uri($"login?t={token ?? Dashboard.BrowserToken}", UriKind.Relative));
        return response.StatusCode;
    }

    public async Task<JsonElement> GetAsync(string path) =>
        await http.GetFromJsonAsync<JsonElement>(new Uri(path, UriKind.Relative));

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path) =>
        http.SendAsync(new HttpRequestMessage(method, new Uri(path, UriKind.Relative)));

    /// <summary>Polls until <paramref name="found"/> holds, within the fixture's timeout.</summary>
    public async Task<JsonElement> WaitForAsync(string path, Func<JsonElement, bool> found)
    {
        using var timeout = new CancellationTokenSource(AppHostFixture.Timeout);
        while (true)
        {
            var current = await GetAsync(path);
            if (found(current))
            {
                return current;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    public void Dispose() => http.Dispose();
}
