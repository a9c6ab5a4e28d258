using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GscAnalytics.AppHost.Dashboard;

/// <summary>
/// The dashboard and its OTLP receiver, started before any resource so that every process can be
/// told where to send telemetry; both listen on 127.0.0.1 only.
/// </summary>
public sealed class DashboardHost(IOptions<DashboardOptions> options, IServiceProvider services, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly DashboardOptions settings = options.Value;
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? receiver;
    private WebApplication? web;

    public TelemetryStore Store { get; } = new(options.Value.MaxSpansPerResource, options.Value.MaxLogsPerResource);

    public string BrowserToken { get; } = Secret(options.Value.BrowserToken, "Dashboard:BrowserToken");

    public string OtlpApiKey { get; } = Secret(options.Value.OtlpApiKey, "Dashboard:OtlpApiKey");

    public Uri? DashboardUrl { get; private set; }

    public Uri? OtlpGrpcEndpoint { get; private set; }

    public Uri? OtlpHttpEndpoint { get; private set; }

    /// <summary>Completes once the OTLP endpoints are known: processes need them in their environment.</summary>
    public Task Ready => ready.Task;

    public Uri? LoginUrl => DashboardUrl is null ? null : new Uri(DashboardUrl, $"login?t={BrowserToken}");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StartServersAsync(cancellationToken);
            ready.TrySetResult();
        }
        catch (Exception e)
        {
            ready.TrySetException(e);
            throw;
        }
    }

    private async Task StartServersAsync(CancellationToken cancellationToken)
    {
        receiver = OtlpReceiver.Build(settings, OtlpApiKey, Store, loggerFactory);
        await StartOrExplainAsync(receiver, $"Dashboard:OtlpGrpcPort ({settings.OtlpGrpcPort}) or Dashboard:OtlpHttpPort ({settings.OtlpHttpPort})", cancellationToken);
        var otlp = Addresses(receiver);
        OtlpGrpcEndpoint = otlp[0];
        OtlpHttpEndpoint = otlp[1];

        web = DashboardWebApp.Build(settings, this, services);
        await StartOrExplainAsync(web, $"Dashboard:Port ({settings.Port})", cancellationToken);
        DashboardUrl = Addresses(web)[0];
        var logger = loggerFactory.CreateLogger<DashboardHost>();
        Log.OtlpReceiver(logger, OtlpGrpcEndpoint.ToString(), OtlpHttpEndpoint.ToString());
        Log.DashboardLogin(logger, LoginUrl!.ToString());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stop after the resources, so their last telemetry still arrives (services stop concurrently).
        await services.GetRequiredService<ApplicationOrchestrator>().Stopped.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var app in new[] { web, receiver })
        {
            if (app is not null)
            {
                await app.StopAsync(cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in new[] { web, receiver })
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
    }

    // An empty or short configured secret would make the lock trivial to open.
    private static string Secret(string? configured, string setting) => configured switch
    {
        null or "" => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        { Length: < 16 } => throw new DistributedApplicationException($"{setting} must be at least 16 characters, or unset to get a random one."),
        _ => configured,
    };

    private static async Task StartOrExplainAsync(WebApplication app, string settings, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            throw new DistributedApplicationException(
                $"The dashboard cannot listen on {settings}: {e.Message.TrimEnd('.')}. Is another AppHost running? Stop it, or set another port (0 takes a free one).", e);
        }
    }

    private static List<Uri> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/"))
            .ToList();
}
