using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using GscAnalytics.AppHost.Dashboard.Otlp.Collector.Logs;
using GscAnalytics.AppHost.Dashboard.Otlp.Collector.Trace;
using GscAnalytics.AppHost.Dashboard.Otlp.Common;
using GscAnalytics.AppHost.Dashboard.Otlp.Logs;
using GscAnalytics.AppHost.Dashboard.Otlp.Trace;

namespace GscAnalytics.AppHost.Tests;

/// <summary>What a non-.NET service (the Phoenix app) sends: OTLP/HTTP protobuf and OTLP/gRPC with the key.</summary>
public sealed class OtlpReceiverTests : IDisposable
{
    private readonly AppHostFixture fixture = new();

    [Fact]
    public async Task SpansOverHttpAndLogsOverGrpcWithTheKeyShowUpInTheDashboard()
    {
        await using var app = await fixture.StartAsync();
        using var dashboard = new DashboardClient(app);
        await dashboard.LoginAsync();
        var traceId = ByteString.CopyFrom(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray());

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var content = new ByteArrayContent(new ExportTraceServiceRequest
        {
            ResourceSpans = { new ResourceSpans { Resource = Phoenix(), ScopeSpans = { new ScopeSpans { Spans = { new Span
            {
                TraceId = traceId,
                SpanId = ByteString.CopyFrom([1, 2, 3, 4, 5, 6, 7, 8]),
                Name = "GET /sites",
                StartTimeUnixNano = 1_700_000_000_000_000_000,
                EndTimeUnixNano = 1_700_000_000_250_000_000,
                Attributes = { Attribute("http.route", "/sites") },
            } } } } } },
        }.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.Add("x-otlp-api-key", dashboard.Dashboard.OtlpApiKey);
        var sent = await http.PostAsync(new Uri(dashboard.Dashboard.OtlpHttpEndpoint!, "v1/traces"), content);

        using var channel = GrpcChannel.ForAddress(dashboard.Dashboard.OtlpGrpcEndpoint!);
        var logs = new LogsService.LogsServiceClient(channel);
        var keyed = new Metadata { { "x-otlp-api-key", dashboard.Dashboard.OtlpApiKey } };
        var request = new ExportLogsServiceRequest
        {
            ResourceLogs = { new ResourceLogs { Resource = Phoenix(), ScopeLogs = { new ScopeLogs { LogRecords = { new LogRecord
            {
                TimeUnixNano = 1_700_000_000_100_000_000,
                SeverityNumber = SeverityNumber.Warn,
                Body = new AnyValue { StringValue = "Sync of site 7 is slow" },
                TraceId = traceId,
            } } } } } },
        };
        await logs.ExportAsync(request, keyed);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await logs.ExportAsync(request));

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        var trace = Assert.Single((await dashboard.GetAsync("api/traces")).EnumerateArray(), t => t.GetProperty("name").GetString() == "phoenix: GET /sites");
        Assert.Equal(250, trace.GetProperty("durationMs").GetDouble());
        var log = Assert.Single((await dashboard.GetAsync("api/logs?resource=phoenix")).EnumerateArray());
        Assert.Equal("Warning", log.GetProperty("level").GetString());
        Assert.Equal("Sync of site 7 is slow", log.GetProperty("message").GetString());
        Assert.Equal(trace.GetProperty("traceId").GetString(), log.GetProperty("traceId").GetString());
    }

    public void Dispose() => fixture.Dispose();

    private static GscAnalytics.AppHost.Dashboard.Otlp.Resource.Resource Phoenix() => new() { Attributes = { Attribute("service.name", "phoenix") } };

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
