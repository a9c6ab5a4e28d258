using System.Text.RegularExpressions;

namespace GscAnalytics.Deployment.Tests.Helpers;

/// <summary>
/// Compose's variable interpolation: <c>${NAME}</c>, <c>$NAME</c>, <c>${NAME:-default}</c>, <c>${NAME-default}</c>,
/// <c>${NAME:?error}</c>, <c>${NAME?error}</c>, and <c>$$</c> for a literal dollar.
/// </summary>
internal static partial class ComposeVariables
{
    /// <summary>One <c>${...}</c> or <c>$NAME</c>: whether Compose has a value for it when the variable is unset.</summary>
    public sealed record Reference(string Name, bool HasDefault);

    public static IReadOnlyList<Reference> References(string value) =>
        [.. Pattern().Matches(value).Where(m => m.Value != "$$").Select(m => new Reference(NameOf(m), m.Groups["op"].Value.Contains('-', StringComparison.Ordinal)))];

    /// <summary>True when the text is nothing but references: no value of its own is written there.</summary>
    public static bool IsOnlyReferences(string value) =>
        value.Length > 0 && Pattern().Replace(value, m => m.Value == "$$" ? "$" : string.Empty).Length == 0;

    public static string Interpolate(string value, IReadOnlyDictionary<string, string> variables) =>
        Pattern().Replace(value, m =>
        {
            if (m.Value == "$$")
            {
                return "$";
            }

            var name = NameOf(m);
            var op = m.Groups["op"].Value;
            var found = variables.TryGetValue(name, out var set);
            var usable = op.StartsWith(':') ? !string.IsNullOrEmpty(set) : found;
            return usable ? set! : op.Contains('-', StringComparison.Ordinal) ? m.Groups["arg"].Value
                : op.Contains('?', StringComparison.Ordinal) ? throw new InvalidOperationException($"{name}: {m.Groups["arg"].Value}")
                : set ?? string.Empty;
        });

    private static string NameOf(Match match) => match.Groups["name"].Success ? match.Groups["name"].Value : match.Groups["bare"].Value;

    [GeneratedRegex(@"\$\$|\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?[-?])(?<arg>[^}]*))?\}|\$(?<bare>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Pattern();
}
