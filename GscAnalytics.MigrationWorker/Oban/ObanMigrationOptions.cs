namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// The options of Oban's <c>Oban.Migration.up/1</c> and <c>down/1</c>, with Oban's defaults, for
/// <see cref="ObanMigrator"/> and the EF extensions <c>UpOban</c>/<c>DownOban</c>.
/// </summary>
public sealed record ObanMigrationOptions
{
    /// <summary>
    /// The target version, <see cref="ObanMigrator.InitialVersion"/> to <see cref="ObanMigrator.LatestVersion"/>;
    /// up defaults to <see cref="ObanMigrator.DefaultVersion"/>, down to <see cref="ObanMigrator.InitialVersion"/>.
    /// </summary>
    public int? Version { get; init; }

    /// <summary>
    /// The schema Oban's tables live in. Only prefixes that work end to end in Oban are accepted: 1 to 63
    /// characters of lower-case ASCII letters, digits, '_' and '-', not starting with a digit.
    /// </summary>
    public string Prefix { get; init; } = ObanMigrator.DefaultPrefix;

    /// <summary>
    /// Whether version 1 creates the schema (<c>CREATE SCHEMA IF NOT EXISTS</c>); defaults to <c>true</c>
    /// for any prefix other than <c>public</c>. Down never drops the schema.
    /// </summary>
    public bool? CreateSchema { get; init; }

    /// <summary>Whether version 11 makes <c>oban_peers</c> UNLOGGED, as Oban does by default.</summary>
    public bool Unlogged { get; init; } = true;
}
