namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A database on an <see cref="InstalledPostgresServerResource"/>, created when the server is ready ("already exists"
/// is fine). Its state follows the server's: Running once created, stopped or failed with it.
/// </summary>
public sealed class InstalledPostgresDatabaseResource(string name, string databaseName, InstalledPostgresServerResource parent)
    : Resource(name), IResourceWithParent<InstalledPostgresServerResource>, IResourceWithConnectionString
{
    public InstalledPostgresServerResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        Parent.ConnectionProperties(DatabaseName).Append(new("DatabaseName", ReferenceExpression.Create($"{DatabaseName}")));
}
