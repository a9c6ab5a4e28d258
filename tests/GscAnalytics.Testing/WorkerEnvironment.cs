using Npgsql;

namespace GscAnalytics.Testing;

/// <summary>The environment a worker process is started with, as the AppHost would set it.</summary>
public static class WorkerEnvironment
{
    public const string Dev = "gsc-analytics-dev";
    public const string Test = "gsc-analytics-test";

    /// <summary>Each database named in <c>Migration:Databases</c>, in order, with its connection string.</summary>
    public static Dictionary<string, string> Connections(params (string Name, NpgsqlConnectionStringBuilder Connection)[] connections)
    {
        var environment = new Dictionary<string, string>();
        foreach (var (index, (name, connection)) in connections.Index())
        {
            environment[$"Migration__Databases__{index}"] = name;
            environment[$"ConnectionStrings__{name}"] = connection.ConnectionString;
        }

        return environment;
    }

    /// <summary>The dev database alone.</summary>
    public static Dictionary<string, string> DevOnly(NpgsqlConnectionStringBuilder connection) => Connections((Dev, connection));
}
