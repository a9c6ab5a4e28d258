using System.Globalization;
using System.Net;
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

    [GeneratedRegex("\"-p\" \"([0-9]+)\"")]
    private static partial Regex PortOption();
}
