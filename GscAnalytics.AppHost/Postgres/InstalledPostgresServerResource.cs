using GscAnalytics.Hosting.Postgres;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A PostgreSQL server that Aspire's orchestrator runs from the binaries installed on this machine, listening on
/// 127.0.0.1 only, with SCRAM password authentication; its data lives in <see cref="DataDirectory"/> across runs.
/// </summary>
public sealed class InstalledPostgresServerResource(string name, ParameterResource password, string dataDirectory)
    : ExecutableResource(name, PostgresProcess.ServerWrapper, dataDirectory), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    /// <summary>The superuser initdb creates, as in Aspire's PostgreSQL container.</summary>
    public const string UserName = "postgres";

    public const string Host = "127.0.0.1";

    private EndpointReference? primaryEndpoint;

    public ParameterResource PasswordParameter { get; } = password;

    /// <summary>The cluster's data; initdb runs into it once.</summary>
    public string DataDirectory { get; } = dataDirectory;

    /// <summary>PostgreSQL's bin folder, or null to find it when the server starts.</summary>
    public string? BinDirectory { get; internal set; }

    /// <summary>A pgpass file beside the data, written when the server is ready, so psql finds the password without it being shown.</summary>
    public string PasswordFile => $"{DataDirectory}.pgpass";

    public EndpointReference PrimaryEndpoint => primaryEndpoint ??= new(this, PrimaryEndpointName);

    public EndpointReferenceExpression Port => PrimaryEndpoint.Property(EndpointProperty.Port);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Host={Host};Port={Port};Username={UserName};Password={PasswordParameter}");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() => ConnectionProperties(null);

    internal IEnumerable<KeyValuePair<string, ReferenceExpression>> ConnectionProperties(string? database)
    {
        var path = database is null ? ReferenceExpression.Empty : ReferenceExpression.Create($"/{database:uri}");
        return
        [
            new("Host", ReferenceExpression.Create($"{Host}")),
            new("Port", ReferenceExpression.Create($"{Port}")),
            new("Username", ReferenceExpression.Create($"{UserName}")),
            new("Password", ReferenceExpression.Create($"{PasswordParameter}")),
            new("Uri", ReferenceExpression.Create($"postgresql://{UserName}:{PasswordParameter:uri}@{Host}:{Port}{path}")),
            new("JdbcConnectionString", ReferenceExpression.Create($"jdbc:postgresql://{Host}:{Port}{path}")),
        ];
    }
}
