namespace GscAnalytics.Deployment.Tests.Helpers;

/// <summary>
/// An env file as <c>docker compose --env-file</c> reads it: <c>NAME=value</c> lines. Commented-out assignments
/// (<c># NAME=value</c>) are the optional variables it documents without setting.
/// </summary>
internal sealed record EnvFile(IReadOnlyDictionary<string, string> Values, IReadOnlySet<string> Documented)
{
    public static EnvFile Load(string path) => Parse(File.ReadAllText(path));

    public static EnvFile Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var documented = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var commented = line.StartsWith('#');
            var assignment = commented ? line.TrimStart('#').Trim() : line;
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || assignment[..equals].Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '_')))
            {
                continue;
            }

            var name = assignment[..equals];
            documented.Add(name);
            if (!commented)
            {
                values[name] = assignment[(equals + 1)..];
            }
        }

        return new EnvFile(values, documented);
    }
}
