using System.ComponentModel.DataAnnotations;

namespace GscAnalytics.MigrationWorker;

/// <summary>The <c>Migration</c> section: what to migrate or verify, and how long to wait for what.</summary>
public sealed class MigrationOptions
{
    public const string SectionName = "Migration";

    /// <summary>
    /// The AppHost's two databases, migrated when <see cref="Databases"/> is empty. Not an initializer:
    /// configuration binding appends to a list, so a configured list would come after these instead of replacing them.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultDatabases = ["gsc-analytics-dev", "gsc-analytics-test"];

    /// <summary>Connection string names; empty means <see cref="DefaultDatabases"/>.</summary>
    public IList<string> Databases { get; } = [];

    public MigrationMode Mode { get; set; } = MigrationMode.Migrate;

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Migration:ConnectTimeout must be between 00:00:00 and 01:00:00.")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for a lock another session holds (another worker, or an application's transaction) before giving up.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ErrorMessage = "Migration:LockTimeout must be between 00:00:00.001 and 01:00:00.")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>In <see cref="MigrationMode.Verify"/>, how long to wait for another process to bring the schema to the target version.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Migration:SchemaTimeout must be between 00:00:00 and 01:00:00.")]
    public TimeSpan SchemaTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>The names to work on: the configured ones, else the defaults.</summary>
    public IReadOnlyList<string> DatabaseNames => Databases.Count > 0 ? [.. Databases] : DefaultDatabases;

    /// <summary>Turns the <c>--verify</c> switch into <c>Migration:Mode=Verify</c>.</summary>
    public static string[] ExpandSwitches(string[] args) =>
        [.. args.Select(a => a == "--verify" ? $"--{SectionName}:{nameof(Mode)}={MigrationMode.Verify}" : a)];
}
