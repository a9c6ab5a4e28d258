using System.Globalization;
using GscAnalytics.Shared;
using Npgsql;

namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// The version Oban records as the comment on <c>oban_jobs</c>. <see cref="ObanMigrator.ReadVersionAsync"/>
/// reads it here and the script's plan block in SQL, with one query and one refusal message between
/// them, so the two cannot drift apart.
/// </summary>
internal static class ObanVersionComment
{
    public static async Task<int> ReadAsync(NpgsqlConnection connection, string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Parse(await ObanVersionQuery.ReadCommentAsync(connection, prefix, cancellationToken), prefix);
    }

    /// <summary>None is 0 and <c>'∞'</c> is <see cref="ObanMigrator.ManagedElsewhere"/>; anything else not a number is refused.</summary>
    public static int Parse(string? comment, string prefix = ObanMigrator.DefaultPrefix)
    {
        if (comment is null)
        {
            return 0;
        }

        if (comment == ObanMigrator.ManagedElsewhereComment)
        {
            return ObanMigrator.ManagedElsewhere;
        }

        if (comment.Length is > 0 and <= 9 && comment.All(char.IsAsciiDigit))
        {
            return int.Parse(comment, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        throw new ObanMigrationException(NotAVersion(prefix, $"'{comment}'"));
    }

    /// <summary>The refusal of a comment that is no version; <paramref name="quotedComment"/> is <c>%</c> in a RAISE.</summary>
    public static string NotAVersion(string prefix, string quotedComment) =>
        $"The comment on {prefix}.oban_jobs is {quotedComment}, which is not an Oban version; set it to the version the schema is at (COMMENT ON TABLE) or remove it.";

    public static string Record(ObanSchema schema, int version) =>
        $"COMMENT ON TABLE {schema.Quoted}.oban_jobs IS '{version}'";

    /// <summary>The raw comment as a scalar subquery, for the script's plan block.</summary>
    public static string CommentSql(ObanSchema schema) => $"({ObanVersionQuery.For($"'{schema.Escaped}'")})";
}
