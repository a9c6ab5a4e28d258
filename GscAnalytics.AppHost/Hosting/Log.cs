using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "{Line}")]
    public static partial void ResourceOutput(ILogger logger, string line);

    [LoggerMessage(2, LogLevel.Information, "{Resource}: {State}")]
    public static partial void StateChanged(ILogger logger, string resource, string state);

    [LoggerMessage(3, LogLevel.Information, "{Resource}: {State} (exit code {ExitCode})")]
    public static partial void StateChangedWithExitCode(ILogger logger, string resource, string state, int exitCode);

    [LoggerMessage(4, LogLevel.Information, "Waiting for resource '{Resource}' to complete.")]
    public static partial void WaitingForCompletion(ILogger logger, string resource);

    [LoggerMessage(5, LogLevel.Information, "Waiting for resource '{Resource}' to become healthy.")]
    public static partial void WaitingForHealthy(ILogger logger, string resource);

    [LoggerMessage(6, LogLevel.Information, "Finished waiting for resource '{Resource}'.")]
    public static partial void FinishedWaiting(ILogger logger, string resource);

    [LoggerMessage(7, LogLevel.Error, "Resource '{Resource}' has entered the '{State}' state with exit code '{ExitCode}' expected '{Expected}'.")]
    public static partial void UnexpectedExitCode(ILogger logger, string resource, string state, int? exitCode, int expected);

    [LoggerMessage(8, LogLevel.Error, "Resource '{Resource}' has entered the '{State}' state prematurely.")]
    public static partial void DependencyFailed(ILogger logger, string resource, string state);

    [LoggerMessage(9, LogLevel.Error, "{Resource} failed to start: {Reason}")]
    public static partial void StartFailed(ILogger logger, string resource, string reason);

    [LoggerMessage(10, LogLevel.Information, "{Resource}: {ConnectionString}")]
    public static partial void ConnectionDetails(ILogger logger, string resource, string connectionString);

    [LoggerMessage(11, LogLevel.Information, "Initialising PostgreSQL data in {DataDirectory}")]
    public static partial void Initialising(ILogger logger, string dataDirectory);

    [LoggerMessage(12, LogLevel.Information, "Reusing PostgreSQL data in {DataDirectory}")]
    public static partial void Reusing(ILogger logger, string dataDirectory);

    [LoggerMessage(13, LogLevel.Information, "Created database {Database}")]
    public static partial void DatabaseCreated(ILogger logger, string database);

    [LoggerMessage(15, LogLevel.Warning, "{Resource} did not stop within {Seconds} s and was killed")]
    public static partial void Killed(ILogger logger, string resource, int seconds);

    [LoggerMessage(16, LogLevel.Information, "Connect with: psql \"{Uri}\"")]
    public static partial void ConnectHint(ILogger logger, string uri);

    [LoggerMessage(17, LogLevel.Information, "Login to the dashboard at {LoginUrl}")]
    public static partial void DashboardLogin(ILogger logger, string loginUrl);

    [LoggerMessage(18, LogLevel.Error, "{Resource} could not be stopped: {Reason}")]
    public static partial void StopFailed(ILogger logger, string resource, string reason);

    [LoggerMessage(19, LogLevel.Information, "OTLP receiver: gRPC {GrpcEndpoint}, HTTP/protobuf {HttpEndpoint} (header x-otlp-api-key required)")]
    public static partial void OtlpReceiver(ILogger logger, string grpcEndpoint, string httpEndpoint);

    [LoggerMessage(20, LogLevel.Critical, "The AppHost cannot start: {Reason}")]
    public static partial void AppHostFailed(ILogger logger, string reason);
}
