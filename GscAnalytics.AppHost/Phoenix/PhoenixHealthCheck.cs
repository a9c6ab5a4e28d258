using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GscAnalytics.Hosting.Phoenix;

/// <summary>
/// Up once the app answers at its health path with any status below 500: an API-only app's 404 for <c>/</c> is up,
/// while <c>Phoenix.Ecto.CheckRepoStatus</c>'s 503 (pending migrations) and a crash's 500 are not. An answer that is
/// not up says what came back, with the error's title from the body Phoenix's debugger renders.
/// </summary>
internal sealed partial class PhoenixHealthCheck(EndpointReference endpoint, string path, Func<HttpClient> http) : IHealthCheck
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private const int MaxTitle = 300;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var url = new Uri(new Uri(await endpoint.GetValueAsync(cancellationToken) ?? throw new InvalidOperationException("The endpoint has no URL yet.")), path);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            // No Accept header: Phoenix's debugger then answers in plain text (markdown), whose exception line is the title.
            using var response = await http().GetAsync(url, timeout.Token);
            var status = (int)response.StatusCode;
            var answered = string.Create(CultureInfo.InvariantCulture, $"GET {path} answered {status}");
            if (status < 500)
            {
                return HealthCheckResult.Healthy(answered);
            }

            var title = Title(await response.Content.ReadAsStringAsync(timeout.Token));
            return HealthCheckResult.Unhealthy(title is null ? answered : $"{answered}: {title}");
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException socket)
        {
            return HealthCheckResult.Unhealthy($"nothing answers at {url} yet ({socket.Message})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(string.Create(CultureInfo.InvariantCulture,
                $"GET {path} got no answer within {RequestTimeout.TotalSeconds:0} s"));
        }
    }

    /// <summary>
    /// The error's title from an error page: the exception line of Phoenix's debugger in text
    /// (<c>** (Phoenix.Ecto.PendingMigrationError) there are …</c> as "Phoenix.Ecto.PendingMigrationError: there are …"),
    /// an HTML page's title, else the body's first line.
    /// </summary>
    internal static string? Title(string body)
    {
        var title = ExceptionLine().Match(body) is { Success: true } exception
            ? $"{exception.Groups[1].Value}: {exception.Groups[2].Value.Trim()}"
            : HtmlTitle().Match(body) is { Success: true } html
                ? System.Net.WebUtility.HtmlDecode(html.Groups[1].Value.Trim())
                : body.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        return title is null ? null : title.Length <= MaxTitle ? title : title[..(MaxTitle - 3)] + "...";
    }

    [GeneratedRegex(@"^\s*\*\* \(([\w.]+)\) (.+)$", RegexOptions.Multiline)]
    private static partial Regex ExceptionLine();

    [GeneratedRegex(@"<title>([^<]+)</title>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTitle();
}
