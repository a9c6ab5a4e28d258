using Npgsql;

namespace GscAnalytics.Testing;

/// <summary>The environment a worker process is started with, as the AppHost would set it.</summary>
public static class WorkerEnvironment
{
    public const string Dev = "gsc-analytics-dev";
    public const string Test = "gsc-analytics-test";

    public static Dictionary<string, string> Connections(params (string Name, NpgsqlConnectionStringBuilder Connection)[] connections) =>
        connections.ToDictionary(c => $"ConnectionStrings__{c.Name}", c => c.Connection.ConnectionString);

    /// <summary>The dev database alone: by default the worker also asks for the test database.</summary>
    public static Dictionary<string, string> DevOnly(NpgsqlConnectionStringBuilder connection) =>
        Connections((Dev, connection)).With("Migration__Databases__0", Dev);
}
