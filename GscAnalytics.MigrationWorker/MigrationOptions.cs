using System.ComponentModel.DataAnnotations;

namespace GscAnalytics.MigrationWorker;

/// <summary>The <c>Migration</c> section: which databases to migrate and how long to wait for the server.</summary>
public sealed class MigrationOptions
{
    public const string SectionName = "Migration";
    public const string DevelopmentDatabase = "gsc-analytics-dev";
    public const string TestDatabase = "gsc-analytics-test";

    /// <summary>Connection string names; empty means both of the AppHost's databases.</summary>
    public IList<string> Databases { get; } = [];

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Migration:ConnectTimeout must be between 00:00:00 and 01:00:00.")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
