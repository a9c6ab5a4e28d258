using System.Text.RegularExpressions;

namespace GscAnalytics.Deployment.Tests.Helpers;

/// <summary>Where a setting carries a secret: its whole value, a connection string's password, or a URL's.</summary>
internal static partial class SecretValues
{
    /// <summary>What a committed example writes where a real secret goes.</summary>
    public const string Placeholder = "CHANGE_ME";

    public static bool IsSecretName(string name) => SecretName().IsMatch(name);

    /// <summary>The parts of <paramref name="value"/> that are secret, given the setting's name.</summary>
    public static IEnumerable<string> Parts(string name, string value)
    {
        if (IsSecretName(name))
        {
            yield return value;
            yield break;
        }

        foreach (Match password in ConnectionStringPassword().Matches(value))
        {
            yield return password.Groups["password"].Value;
        }

        var url = UrlPassword().Match(value);
        if (url.Success)
        {
            yield return url.Groups["password"].Value;
        }
    }

    /// <summary>A connection string's parts, keys lower-cased (the Npgsql form, <c>Key=value;...</c>).</summary>
    public static Dictionary<string, string> ConnectionStringParts(string value) =>
        value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0].ToLowerInvariant(), p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);

    [GeneratedRegex("password|passwd|secret|token|credential|api_?key|key_?base|private", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(?:^|;)\s*(?:password|pwd)\s*=\s*(?<password>[^;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringPassword();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*://[^:@/]*:(?<password>[^@]*)@")]
    private static partial Regex UrlPassword();
}
