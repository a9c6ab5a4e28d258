namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Oban's range rules: which versions up and down run from the recorded version, in which order,
/// and which version is recorded after them. Up never goes down; down includes its target.
/// </summary>
internal static class ObanMigrationPlan
{
    /// <summary>The versions up runs from <paramref name="recorded"/>: none when already at or past the target.</summary>
    public static IReadOnlyList<int> UpRange(int recorded, int target)
    {
        CheckTarget(target);
        var first = Math.Max(recorded, 0) + 1;
        return recorded >= target ? [] : Enumerable.Range(first, target - first + 1).ToArray();
    }

    /// <summary>The versions down runs, newest first; the target itself is included.</summary>
    public static IReadOnlyList<int> DownRange(int recorded, int target, string prefix = ObanSchema.DefaultPrefix)
    {
        CheckTarget(target);
        if (recorded == ObanMigrator.ManagedElsewhere)
        {
            throw new ObanMigrationException(
                $"Oban in schema '{prefix}' is marked as managed elsewhere (comment '{ObanMigrator.ManagedElsewhereComment}' on oban_jobs); refusing to roll it back.");
        }

        if (recorded > ObanMigrator.LatestVersion)
        {
            throw new ObanMigrationException(
                $"Oban in schema '{prefix}' is at version {recorded}, newer than the latest this port knows ({ObanMigrator.LatestVersion}); roll it back with that Oban release.");
        }

        var from = Math.Max(recorded, ObanMigrator.InitialVersion);
        return from < target ? [] : Enumerable.Range(target, from - target + 1).Reverse().ToArray();
    }

    /// <summary>The statements of <c>up</c> from <paramref name="recorded"/>, the version comment last.</summary>
    public static IReadOnlyList<string> Up(ObanMigrationOptions options, int recorded)
    {
        var schema = ObanSchema.From(options);
        var target = options.Version ?? ObanMigrator.DefaultVersion;
        var range = UpRange(recorded, target);
        var statements = range.SelectMany(v => ObanMigrator.Versions[v - 1].Up(schema)).ToList();
        if (range.Count > 0)
        {
            statements.Add(ObanVersionComment.Record(schema, target));
        }

        return statements;
    }

    /// <summary>The statements of <c>down</c> from <paramref name="recorded"/>, the version comment last.</summary>
    public static IReadOnlyList<string> Down(ObanMigrationOptions options, int recorded)
    {
        var schema = ObanSchema.From(options);
        var target = options.Version ?? ObanMigrator.InitialVersion;
        var range = DownRange(recorded, target, schema.Prefix);
        var statements = range.SelectMany(v => ObanMigrator.Versions[v - 1].Down(schema)).ToList();

        // Down to version 1 drops oban_jobs, so there is no table left to carry a comment.
        if (range.Count > 0 && target > ObanMigrator.InitialVersion)
        {
            statements.Add(ObanVersionComment.Record(schema, target - 1));
        }

        return statements;
    }

    public static void CheckTarget(int target)
    {
        if (target is < ObanMigrator.InitialVersion or > ObanMigrator.LatestVersion)
        {
            throw new ObanMigrationException(
                $"Invalid Oban version {target}: a version must be between {ObanMigrator.InitialVersion} and {ObanMigrator.LatestVersion}.");
        }
    }
}
