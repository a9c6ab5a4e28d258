using System.Text;

namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Up and down as SQL commands that read the recorded version themselves, for EF migrations, which
/// are written before the database is seen: one guarded block per version, so the same script is
/// right at any starting version. Each command ends with its own semicolon, since EF copies it
/// verbatim into scripts and into the blocks of idempotent ones.
/// </summary>
internal static class ObanMigrationScript
{
    public static IReadOnlyList<string> Up(ObanMigrationOptions options)
    {
        var schema = ObanSchema.From(options);
        var target = options.Version ?? ObanMigrator.DefaultVersion;
        ObanMigrationPlan.CheckTarget(target);
        var recorded = ObanVersionComment.RecordedVersionSql(schema);
        var commands = new List<string> { ObanScriptGuard.Block(schema, refuseRollback: false) };
        for (var v = ObanMigrator.InitialVersion; v <= target; v++)
        {
            AddGuarded(commands, $"oban_v{v:00}_up", $"{recorded} < {v}", ObanMigrator.Versions[v - 1].Up(schema));
        }

        AddGuarded(commands, "oban_version", $"{recorded} < {target}", [ObanVersionComment.Record(schema, target)]);
        return commands;
    }

    public static IReadOnlyList<string> Down(ObanMigrationOptions options)
    {
        var schema = ObanSchema.From(options);
        var target = options.Version ?? ObanMigrator.InitialVersion;
        ObanMigrationPlan.CheckTarget(target);
        var from = $"greatest({ObanVersionComment.RecordedVersionSql(schema)}, {ObanMigrator.InitialVersion})";
        var commands = new List<string> { ObanScriptGuard.Block(schema, refuseRollback: true) };
        for (var v = ObanMigrator.LatestVersion; v >= target; v--)
        {
            AddGuarded(commands, $"oban_v{v:00}_down", $"{from} >= {v}", ObanMigrator.Versions[v - 1].Down(schema));
        }

        if (target > ObanMigrator.InitialVersion)
        {
            AddGuarded(commands, "oban_version", $"{from} >= {target}", [ObanVersionComment.Record(schema, target - 1)]);
        }

        return commands;
    }

    private static void AddGuarded(List<string> commands, string tag, string condition, IEnumerable<string> statements)
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
