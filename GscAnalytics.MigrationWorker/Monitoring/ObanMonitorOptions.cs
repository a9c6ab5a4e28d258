using System.ComponentModel.DataAnnotations;
using GscAnalytics.Shared;

namespace GscAnalytics.MigrationWorker.Monitoring;

/// <summary>The <c>ObanMonitor</c> section: how often to look, at which prefix, and where to say what was seen.</summary>
public sealed class ObanMonitorOptions
{
    public const string SectionName = "ObanMonitor";

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "ObanMonitor:PollInterval must be between 00:00:00.100 and 00:10:00.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The schema Oban's tables are in.</summary>
    public string Prefix { get; set; } = ObanVersionQuery.DefaultPrefix;

    /// <summary>
    /// Up to how many jobs of an ended state (completed, discarded, cancelled) are counted one by one; a state with more
    /// is counted by the planner's estimate, as Oban.Met does, so that a poll stays cheap on a big table.
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = "ObanMonitor:ExactCountLimit must be a positive number.")]
    public int ExactCountLimit { get; set; } = 50_000;

    /// <summary>How many of the executing jobs, the longest-running first, the state names.</summary>
    [Range(0, 1000, ErrorMessage = "ObanMonitor:ExecutingShown must be between 0 and 1000.")]
    public int ExecutingShown { get; set; } = 10;

    /// <summary>The file the state is written to after every poll (the AppHost's properties), or none.</summary>
    public string? StateFile { get; set; }
}
