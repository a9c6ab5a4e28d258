using System.Text;

namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Up and down as SQL commands: <see cref="ObanScriptPlan"/> first, then one block per version that
/// runs only if the plan includes it, then the version comment if the plan ran anything. EF writes its
/// SQL before it sees the database, and <see cref="ObanMigrator"/> runs the same commands, so the
/// decision is made once, in SQL, at run time. Each command ends with its own semicolon, since EF
/// copies it verbatim into scripts and into the blocks of idempotent ones.
/// </summary>
internal static class ObanMigrationScript
{
    /// <summary><c>Oban.Migration.up/1</c>; options are checked before any SQL is written.</summary>
    public static IReadOnlyList<string> Up(ObanMigrationOptions options)
    {
        var schema = ObanSchema.From(options);
        var target = Target(options.Version ?? ObanMigrator.DefaultVersion);
        var commands = new List<string> { ObanScriptPlan.Up(schema, target) };
        for (var v = ObanMigrator.InitialVersion; v <= target; v++)
        {
            AddBlock(commands, ObanScriptBlock.Tag(v, up: true), ObanScriptPlan.Includes(v), ObanMigrator.Versions[v - 1].Up(schema));
        }

        AddBlock(commands, ObanScriptBlock.VersionRecordTag, ObanScriptPlan.IsNotEmpty, [ObanVersionComment.Record(schema, target)]);
        return commands;
    }

    /// <summary><c>Oban.Migration.down/1</c>; options are checked before any SQL is written.</summary>
    public static IReadOnlyList<string> Down(ObanMigrationOptions options)
    {
        var schema = ObanSchema.From(options);
        var target = Target(options.Version ?? ObanMigrator.InitialVersion);
        var commands = new List<string> { ObanScriptPlan.Down(schema, target) };
        for (var v = ObanMigrator.LatestVersion; v >= target; v--)
        {
            AddBlock(commands, ObanScriptBlock.Tag(v, up: false), ObanScriptPlan.Includes(v), ObanMigrator.Versions[v - 1].Down(schema));
        }

        // Down to version 1 drops oban_jobs, so there is no table left to carry a comment.
        if (target > ObanMigrator.InitialVersion)
        {
            AddBlock(commands, ObanScriptBlock.VersionRecordTag, ObanScriptPlan.IsNotEmpty, [ObanVersionComment.Record(schema, target - 1)]);
        }

        return commands;
    }

    private static int Target(int version) =>
        version is >= ObanMigrator.InitialVersion and <= ObanMigrator.LatestVersion
            ? version
            : throw new ObanMigrationException(
                $"Invalid Oban version {version}: a version must be between {ObanMigrator.InitialVersion} and {ObanMigrator.LatestVersion}.");

    private static void AddBlock(List<string> commands, string tag, string condition, IEnumerable<string> statements)
    {
        var body = new StringBuilder();
        foreach (var statement in statements)
        {
            body.Append(statement.TrimEnd().TrimEnd(';')).Append(";\n");
        }

        if (body.Length == 0)
        {
            return;
        }

        commands.Add($"DO ${tag}$\nBEGIN\nIF {condition} THEN\n{body}END IF;\nEND ${tag}$;");
    }
}
