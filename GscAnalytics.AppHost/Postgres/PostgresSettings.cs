using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Aspire.Hosting.Postgres;

/// <summary>The <c>Postgres</c> section, with the defaults filled in.</summary>
internal sealed partial record PostgresSettings(string DataDirectory, string? BinDirectory, int Port, bool PortConfigured)
{
    public static PostgresSettings Read(IDistributedApplicationBuilder builder, string name)
    {
        var section = builder.Configuration.GetSection(InstalledPostgresBuilderExtensions.SectionName);
        var dataDirectory = Path.GetFullPath(section["DataDirectory"] ?? DefaultDataDirectory(builder, name), builder.AppHostDirectory);
        var configuredPort = section["Port"];
        var port = configuredPort is null ? RememberedOrFreePort(dataDirectory) : ParsePort(builder, configuredPort);
        return new(dataDirectory, section["BinDirectory"], port, configuredPort is not null);
    }

    /// <summary>The configured <c>Postgres:Port</c>, or null to let the AppHost choose.</summary>
    public static int? ConfiguredPort(IDistributedApplicationBuilder builder) =>
        builder.Configuration[$"{InstalledPostgresBuilderExtensions.SectionName}:Port"] is { } port ? ParsePort(builder, port) : null;

    /// <summary>The pgpass file the console's psql lines point at, so they work when pasted; it lives beside the data.</summary>
    public string PasswordFile => $"{DataDirectory}.pgpass";

    // Like Aspire's deterministic volume names: one folder per AppHost project, kept between runs.
    private static string DefaultDataDirectory(IDistributedApplicationBuilder builder, string name)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.AppHostDirectory)))[..10];
        var root = Environment.IsPrivilegedProcess
            ? "/var/lib/gsc-analytics"
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "gsc-analytics");
        return Path.Combine(root, $"{builder.Environment.ApplicationName.ToLowerInvariant()}-{key}", $"{name}-data");
    }

    // PostgreSQL records each start's command line in postmaster.opts; reusing its port keeps psql,
    // an IDE or iex pointed at the same place run after run. A port taken meanwhile gives way to a free one.
    private static int RememberedOrFreePort(string dataDirectory)
    {
        var options = Path.Combine(dataDirectory, "postmaster.opts");
        if (File.Exists(options) && PortOption().Match(File.ReadAllText(options)) is { Success: true } match
            && int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var remembered)
            && IsFree(remembered))
        {
            return remembered;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int ParsePort(IDistributedApplicationBuilder builder, string value)
    {
        if (int.TryParse(value, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536)
        {
            return port;
        }

        builder.RefuseSetting($"Postgres:Port is '{value}', which is not a TCP port (1-65535).");
        return 0;
    }

    [GeneratedRegex("\"-p\" \"([0-9]+)\"")]
    private static partial Regex PortOption();
}
