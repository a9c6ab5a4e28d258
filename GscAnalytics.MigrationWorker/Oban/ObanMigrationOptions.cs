namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>The options of Oban's <c>Oban.Migration.up/1</c> and <c>down/1</c>, with Oban's defaults.</summary>
public sealed record ObanMigrationOptions
{
    /// <summary>Target version; up defaults to <see cref="ObanMigrator.DefaultVersion"/>, down to 1.</summary>
    public int? Version { get; init; }

    public string Prefix { get; init; } = ObanSchema.DefaultPrefix;

    /// <summary>Defaults to <c>true</c> for any prefix other than <c>public</c>.</summary>
    public bool? CreateSchema { get; init; }

    public bool Unlogged { get; init; } = true;
}
