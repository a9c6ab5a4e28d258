using System.Globalization;

namespace GscAnalytics.Hosting.Postgres;

/// <summary>The <c>Postgres</c> configuration section of an installed server; unset values take the defaults.</summary>
internal sealed record InstalledPostgresOptions(string? DataDirectory, string? BinDirectory, int? Port, IReadOnlyList<string> Errors)
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

        return new(dataDirectory, binDirectory, port, errors);
    }
}
