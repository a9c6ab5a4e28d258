using System.Globalization;

namespace GscAnalytics.Hosting.Postgres;

/// <summary>The <c>Postgres</c> configuration section of an installed server; unset values take the defaults.</summary>
internal sealed record InstalledPostgresOptions(string? DataDirectory, string? BinDirectory, int? Port, bool Persistent, IReadOnlyList<string> Errors)
{
    public const string SectionName = "Postgres";

    public static InstalledPostgresOptions Read(IDistributedApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SectionName);
        var errors = new List<string>();
        var dataDirectory = section["DataDirectory"] is { Length: > 0 } data ? Path.GetFullPath(data, builder.AppHostDirectory) : null;
        var binDirectory = section["BinDirectory"] is { Length: > 0 } bin ? Path.GetFullPath(bin, builder.AppHostDirectory) : null;
        if (binDirectory is not null && !PostgresBinaries.HasServer(binDirectory))
        {
            errors.Add($"{SectionName}:BinDirectory is '{binDirectory}', which has no initdb and postgres; point it at PostgreSQL's bin folder.");
        }

        int? port = null;
        if (section["Port"] is { } value)
        {
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and < 65536)
            {
                port = parsed;
            }
            else
            {
                errors.Add($"{SectionName}:Port is '{value}', which is not a TCP port (1-65535).");
            }
        }

        // Session (the default): the server stops with the AppHost. Persistent: it keeps running and the next run takes it over.
        var lifetime = section["Lifetime"] ?? "Session";
        var persistent = string.Equals(lifetime, "Persistent", StringComparison.OrdinalIgnoreCase);
        if (!persistent && !string.Equals(lifetime, "Session", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{SectionName}:Lifetime is '{lifetime}'; use Session (stops with the AppHost) or Persistent (keeps running for the next run).");
        }

        return new(dataDirectory, binDirectory, port, persistent, errors);
    }
}
