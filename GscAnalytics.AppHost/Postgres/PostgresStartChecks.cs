using System.Globalization;

namespace Aspire.Hosting.Postgres;

/// <summary>What must hold before the server may start: its data directory free, its port free; each with the one line that says what holds them.</summary>
internal static class PostgresStartChecks
{
    public static void ThrowIfBlocked(PostgresSettings settings)
    {
        if (PostgresDataDirectory.InUseMessage(settings.DataDirectory) is { } inUse)
        {
            throw new DistributedApplicationException(inUse);
        }

        if (!PostgresSettings.IsFree(settings.Port))
        {
            var owner = PortOwner.Describe(settings.Port);
            throw new DistributedApplicationException(settings.PortConfigured
                ? string.Create(CultureInfo.InvariantCulture, $"Postgres:Port {settings.Port} is in use by {owner}; stop it or set Postgres:Port to a free port (or remove it to let the AppHost choose).")
                : string.Create(CultureInfo.InvariantCulture, $"Port {settings.Port} was taken by {owner} while the AppHost started; start it again to get another port."));
        }
    }
}
