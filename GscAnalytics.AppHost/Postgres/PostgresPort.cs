using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace GscAnalytics.Hosting.Postgres;

/// <summary>
/// The port a server without a fixed one listens on: the one its data directory used last time, so psql, an IDE
/// or iex pointed at it keep working run after run (PostgreSQL records each start's command line in
/// postmaster.opts), else a free one.
/// </summary>
internal static partial class PostgresPort
{
    public static int? Remembered(string dataDirectory)
    {
        var options = Path.Combine(dataDirectory, "postmaster.opts");
        return File.Exists(options) && PortOption().Match(File.ReadAllText(options)) is { Success: true } match
            && int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var port)
            ? port
            : null;
    }

    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Whether nothing listens on the port, on any address.</summary>
    public static bool IsFree(int port) =>
        !IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Any(listener => listener.Port == port);

    [GeneratedRegex("\"-p\" \"([0-9]+)\"")]
    private static partial Regex PortOption();
}
