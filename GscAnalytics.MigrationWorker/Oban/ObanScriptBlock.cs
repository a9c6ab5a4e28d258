using System.Globalization;
using System.Text.RegularExpressions;

namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// The dollar tags that name the script's commands (<c>DO $oban_plan$</c>, <c>DO $oban_v09_up$</c>), so that whoever
/// runs the script (the worker's trace) can tell which command is which, and what the plan block decided.
/// </summary>
internal sealed partial record ObanScriptBlock(int Version, bool Up)
{
    public const string PlanTag = "oban_plan";

    public const string VersionRecordTag = "oban_version";

    /// <summary>The versions the plan block left for this transaction, as PostgreSQL prints an int array ("{9,10,11,12}").</summary>
    public const string PlanQuery = $"SELECT coalesce(current_setting('{ObanScriptPlan.Setting}', true), '{{}}')";

    public static string Tag(int version, bool up) => string.Create(CultureInfo.InvariantCulture, $"oban_v{version:00}_{(up ? "up" : "down")}");

    /// <summary>Whether <paramref name="sql"/> is the plan block.</summary>
    public static bool IsPlan(string sql) => IsBlock(sql, PlanTag);

    /// <summary>Whether <paramref name="sql"/> records the version reached, after the last version block.</summary>
    public static bool IsVersionRecord(string sql) => IsBlock(sql, VersionRecordTag);

    /// <summary>The version block <paramref name="sql"/> is, or null.</summary>
    public static ObanScriptBlock? Parse(string sql) => VersionTag().Match(sql) is { Success: true } match
        ? new ObanScriptBlock(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value == "up")
        : null;

    /// <summary>The plan as the numbers of the versions it runs.</summary>
    public static IReadOnlyList<int> ParsePlan(string? array) =>
        string.IsNullOrEmpty(array) ? [] : [.. array.Trim('{', '}').Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture))];

    private static bool IsBlock(string sql, string tag) => sql.StartsWith($"DO ${tag}$", StringComparison.Ordinal);

    [GeneratedRegex(@"^DO \$oban_v(\d\d)_(up|down)\$")]
    private static partial Regex VersionTag();
}
