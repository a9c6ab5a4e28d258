using Npgsql;

namespace GscAnalytics.MigrationWorker.Tracing;

/// <summary>
/// Names Npgsql's SQL spans by what they do ("SELECT", "DO oban_v09_up") rather than all "postgresql", so a trace is
/// readable at a glance; the statement itself stays in the span's attributes.
/// </summary>
internal static class SqlSpanName
{
    public static string Of(NpgsqlCommand command)
    {
        var sql = command.CommandText.AsSpan().TrimStart();
        var end = sql.IndexOfAny(' ', '\n', '\t');
        var verb = (end < 0 ? sql : sql[..end]).ToString().ToUpperInvariant();
        if (verb != "DO" || end < 0)
        {
            return verb;
        }

        // A DO block is named by its dollar tag, which the Oban script gives every one of its blocks.
        var rest = sql[end..].TrimStart();
        return rest.Length > 1 && rest[0] == '$' && rest[1..].IndexOf('$') is > 0 and var close ? $"DO {rest[1..(close + 1)]}" : verb;
    }
}
