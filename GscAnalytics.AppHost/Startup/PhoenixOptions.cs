using System.Globalization;

namespace GscAnalytics.AppHost;

/// <summary>
/// The <c>Phoenix</c> section: where the Phoenix app's Mix project is (none: no Phoenix resources), its port and health
/// path, and whether the AppHost runs the app's own migrations (<c>Migrate</c>, default true; false for an app that
/// migrates itself).
/// </summary>
internal sealed record PhoenixOptions(string Directory, int Port, string HealthPath, bool Migrate)
{
    public const string SectionName = "Phoenix";

    public const string PortSetting = $"{SectionName}:Port";

    /// <summary>The options, or null when no app is configured; a value that cannot work is refused.</summary>
    public static PhoenixOptions? From(IDistributedApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SectionName);
        if (section["Directory"] is not { Length: > 0 } configured)
        {
            builder.AddReadyNote($"No Phoenix app is configured: add --{SectionName}:Directory=<its Mix project, relative to {builder.AppHostDirectory}> (see the README).");
            return null;
        }

        var directory = Path.GetFullPath(configured, builder.AppHostDirectory);
        if (!File.Exists(Path.Combine(directory, "mix.exs")))
        {
            builder.RefuseSetting($"{SectionName}:Directory is '{directory}', which has no mix.exs; point it at the Phoenix app's Mix project (relative paths start at {builder.AppHostDirectory}).");
        }

        var port = 4000;
        if (section["Port"] is { } value && !(int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536))
        {
            builder.RefuseSetting($"{PortSetting} is '{value}', which is not a TCP port (1-65535).");
            port = 4000;
        }

        var healthPath = section["HealthPath"] ?? "/";
        if (!healthPath.StartsWith('/'))
        {
            builder.RefuseSetting($"{SectionName}:HealthPath is '{healthPath}'; give a path that starts with /, such as /health.");
        }

        var migrate = true;
        if (section["Migrate"] is { } flag && !bool.TryParse(flag, out migrate))
        {
            builder.RefuseSetting($"{SectionName}:Migrate is '{flag}'; use true (the AppHost runs mix ecto.migrate before the app) or false.");
        }

        return new(directory, port, healthPath, migrate);
    }
}
