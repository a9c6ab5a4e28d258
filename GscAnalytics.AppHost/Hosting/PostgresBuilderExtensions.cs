using System.Security.Cryptography;
using System.Text;

namespace Aspire.Hosting;

public static class PostgresBuilderExtensions
{
    /// <summary>
    /// A PostgreSQL server from the installed binaries. Its password is <c>Parameters:&lt;name&gt;-password</c>,
    /// generated once into the AppHost's user secrets as Aspire does; <c>Postgres:Port</c>,
    /// <c>Postgres:DataDirectory</c> and <c>Postgres:BinDirectory</c> override the defaults.
    /// </summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this IDistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var password = GeneratedParameters.GetOrCreate(builder, $"{name}-password");
        var configuration = builder.Configuration.GetSection("Postgres");
        var port = configuration["Port"];
        var server = new PostgresServerResource(name, password, configuration["DataDirectory"] ?? DefaultDataDirectory(builder, name))
        {
            BinDirectory = configuration["BinDirectory"],
            Port = port is null ? null : ParsePort(port),
        };
        return builder.AddResource(server);
    }

    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<PostgresServerResource> builder, string name, string? databaseName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var database = new PostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.Resource.Databases.Add(database);
        return builder.ApplicationBuilder.AddResource(database);
    }

    // Like Aspire's deterministic volume name: one folder per AppHost project, kept between runs.
    private static string DefaultDataDirectory(IDistributedApplicationBuilder builder, string name)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.AppHostDirectory)))[..10];
        var root = Environment.IsPrivilegedProcess
            ? "/var/lib/gsc-analytics"
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "gsc-analytics");
        return Path.Combine(root, $"{builder.Environment.ApplicationName.ToLowerInvariant()}-{key}", $"{name}-data");
    }

    private static int ParsePort(string value) =>
        int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new DistributedApplicationException($"Postgres:Port is '{value}', which is not a TCP port (1-65535).");
}
