namespace Aspire.Hosting.ApplicationModel;

/// <summary>A database on a <see cref="PostgresServerResource"/>, created once the server is healthy.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent) : Resource(name), IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public PostgresServerResource Parent { get; } = parent;

    public string GetConnectionString() =>
        new Npgsql.NpgsqlConnectionStringBuilder(Parent.GetConnectionString()) { Database = DatabaseName }.ConnectionString;

    public IReadOnlyDictionary<string, string> GetConnectionProperties()
    {
        var properties = Parent.ConnectionProperties(DatabaseName);
        properties["DatabaseName"] = DatabaseName;
        return properties;
    }
}
