using System.Globalization;
using System.Text.RegularExpressions;

namespace GscAnalytics.Hosting.Postgres;

/// <summary>
/// The port a server without a fixed one prefers: the one its data directory used last time, so psql, an IDE
/// or iex pointed at it keep working run after run (PostgreSQL records each start's command line in
/// postmaster.opts).
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

    [GeneratedRegex("\"-p\" \"([0-9]+)\"")]
    private static partial Regex PortOption();
}
