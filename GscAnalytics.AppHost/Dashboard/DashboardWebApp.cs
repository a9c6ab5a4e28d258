using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GscAnalytics.AppHost.Dashboard;

/// <summary>
/// The dashboard: one page (no CDN, no network) and the JSON API it reads, behind Aspire's login
/// model: the token in the printed URL sets a cookie, and nothing answers without that cookie.
/// </summary>
internal static class DashboardWebApp
{
    public const string CookieName = "gsc_dashboard";

    public static WebApplication Build(DashboardOptions options, DashboardHost dashboard, IServiceProvider appHost)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(DashboardWebApp).Assembly.GetName().Name });
        builder.Logging.ClearProviders();

        // Only the endpoints below, on 127.0.0.1: no Kestrel settings from the environment or a stray appsettings.json.
        builder.Configuration.Sources.Clear();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();

        var session = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("dashboard:" + dashboard.BrowserToken)));
        app.MapGet("/login", (HttpContext context, string? t) =>
        {
            if (t is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(t), Encoding.UTF8.GetBytes(dashboard.BrowserToken)))
            {
                return Results.Content(Page("The login token is missing or wrong. Open the login URL printed in the AppHost's console."), "text/html", statusCode: 401);
            }

            context.Response.Cookies.Append(CookieName, session, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
            return Results.Redirect("/");
        });
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/login") || context.Request.Cookies[CookieName] == session)
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            if (!context.Request.Path.StartsWithSegments("/api"))
            {
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync(Page("Log in first: open the login URL printed in the AppHost's console."));
            }
        });

        app.MapGet("/", () => Results.Stream(Asset("index.html"), "text/html; charset=utf-8"));
        DashboardApi.Map(app, dashboard, appHost);
        return app;
    }

    private static Stream Asset(string name) =>
        typeof(DashboardWebApp).Assembly.GetManifestResourceStream("dashboard/" + name)
            ?? throw new InvalidOperationException($"The dashboard asset {name} is not embedded.");

    private static string Page(string message) =>
        $"<!doctype html><html><head><meta charset=\"utf-8\"><title>GscAnalytics dashboard</title></head><body style=\"font-family:sans-serif;margin:3em\"><h1>GscAnalytics dashboard</h1><p>{WebUtility.HtmlEncode(message)}</p></body></html>";
}
