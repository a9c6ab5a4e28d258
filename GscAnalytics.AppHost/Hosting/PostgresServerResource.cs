namespace Aspire.Hosting.ApplicationModel;

/// <summary>A PostgreSQL server run from the installed binaries, listening on 127.0.0.1 only.</summary>
public sealed class PostgresServerResource(string name, string password, string dataDirectory) : Resource(name), IResourceWithConnectionString
{
    public const string UserName = "postgres";
    public const string Host = "127.0.0.1";

    public string Password { get; } = password;

    public string DataDirectory { get; } = dataDirectory;

    /// <summary>Where initdb and postgres live; null to look them up at start.</summary>
    public string? BinDirectory { get; init; }

    /// <summary>The configured port, or the free one taken at start.</summary>
    public int? Port { get; set; }

    public IList<PostgresDatabaseResource> Databases { get; } = [];

    // Built, not concatenated, so a configured password with ';' or '=' stays one value.
    public string GetConnectionString() =>
        new Npgsql.NpgsqlConnectionStringBuilder { Host = Host, Port = RequirePort(), Username = UserName, Password = Password }.ConnectionString;

    public IReadOnlyDictionary<string, string> GetConnectionProperties() => ConnectionProperties(null);

    internal Dictionary<string, string> ConnectionProperties(string? database)
    {
        var port = RequirePort();
        var path = database is null ? string.Empty : "/" + Uri.EscapeDataString(database);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Host"] = Host,
            ["Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Username"] = UserName,
            ["Password"] = Password,
            ["Uri"] = $"postgresql://{UserName}:{Uri.EscapeDataString(Password)}@{Host}:{port}{path}",
            ["JdbcConnectionString"] = $"jdbc:postgresql://{Host}:{port}{path}",
        };
    }

    private int RequirePort() =>
        Port ?? throw new InvalidOperationException($"Resource '{Name}' has no port yet; it is allocated when the server starts.");
}
