using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using GscAnalytics.AppHost.Dashboard.Otlp.Collector.Logs;
using GscAnalytics.AppHost.Dashboard.Otlp.Collector.Metrics;
using GscAnalytics.AppHost.Dashboard.Otlp.Collector.Trace;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GscAnalytics.AppHost.Dashboard;

/// <summary>
/// OTLP in: gRPC (TraceService, LogsService, MetricsService) and HTTP/protobuf (<c>/v1/traces</c>,
/// <c>/v1/logs</c>, <c>/v1/metrics</c>) on 127.0.0.1, for requests carrying the API key only.
/// </summary>
internal static class OtlpReceiver
{
    public const string ApiKeyHeader = "x-otlp-api-key";

    public static WebApplication Build(DashboardOptions options, string apiKey, TelemetryStore store, ILoggerFactory loggerFactory)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(OtlpReceiver).Assembly.GetName().Name });
        builder.Logging.ClearProviders();

        // Only the endpoints below, on 127.0.0.1: no Kestrel settings from the environment or a stray appsettings.json.
        builder.Configuration.Sources.Clear();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.AddSingleton(store);
        builder.Services.AddGrpc();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.OtlpGrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, options.OtlpHttpPort, listen => listen.Protocols = HttpProtocols.Http1AndHttp2);
        });

        var app = builder.Build();
        var expected = Encoding.UTF8.GetBytes(apiKey);
        app.Use(async (context, next) =>
        {
            var presented = Encoding.UTF8.GetBytes(context.Request.Headers[ApiKeyHeader].ToString());
            if (!CryptographicOperations.FixedTimeEquals(presented, expected))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(context);
        });
        app.MapGrpcService<OtlpTraceService>();
        app.MapGrpcService<OtlpLogsService>();
        app.MapGrpcService<OtlpMetricsService>();
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            var export = await ParseAsync(request, ExportTraceServiceRequest.Parser);
            store.AddSpans(OtlpConverter.Spans(export.ResourceSpans));
            return Protobuf(new ExportTraceServiceResponse());
        });
        app.MapPost("/v1/logs", async (HttpRequest request) =>
        {
            var export = await ParseAsync(request, ExportLogsServiceRequest.Parser);
            store.AddLogs(OtlpConverter.Logs(export.ResourceLogs));
            return Protobuf(new ExportLogsServiceResponse());
        });
        app.MapPost("/v1/metrics", () => Protobuf(new ExportMetricsServiceResponse()));
        return app;
    }

    private static async Task<T> ParseAsync<T>(HttpRequest request, MessageParser<T> parser)
        where T : IMessage<T>
    {
        using var body = new MemoryStream();
        if (string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            await using var gzip = new GZipStream(request.Body, CompressionMode.Decompress);
            await gzip.CopyToAsync(body);
        }
        else
        {
            await request.Body.CopyToAsync(body);
        }

        body.Position = 0;
        return parser.ParseFrom(body);
    }

    private static IResult Protobuf(IMessage message) => Results.Bytes(message.ToByteArray(), "application/x-protobuf");
}
