namespace GscAnalytics.Testing;

/// <summary>A server the tests start even when GSC_TEST_POSTGRES names one: the fault suite stops and crashes it.</summary>
public sealed class OwnPostgresServer() : PostgresServer(mayUseExternal: false);
