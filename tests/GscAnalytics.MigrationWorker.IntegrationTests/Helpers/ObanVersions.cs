namespace GscAnalytics.MigrationWorker.IntegrationTests.Helpers;

/// <summary>
/// The versions theories run over, written out here rather than taken from <c>ObanMigrator</c>,
/// so that a change of the worker's default target fails these tests instead of moving them along.
/// </summary>
internal static class ObanVersions
{
    public const int Default = 12;

    /// <summary>Every target of a down from the default: 1 to 12.</summary>
    public static TheoryData<int> UpToDefault => new(Enumerable.Range(1, Default));

    /// <summary>Every version Oban may have left a database at below the default, 0 being none: 0 to 11.</summary>
    public static TheoryData<int> BelowDefault => new(Enumerable.Range(0, Default));
}
