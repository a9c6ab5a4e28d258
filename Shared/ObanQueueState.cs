namespace GscAnalytics.Shared;

/// <summary>
/// One queue's jobs by state, with the states counted by the planner's estimate rather than exactly (a state with more
/// jobs than the monitor counts one by one), and how long its oldest available job has waited, in seconds.
/// </summary>
internal sealed record ObanQueueState(string Queue, IReadOnlyDictionary<string, long> Counts, IReadOnlyList<string> Estimated, double? LatencySeconds)
{
    /// <summary>Oban 2.18's job states, in its own order.</summary>
    public static readonly IReadOnlyList<string> States = ["available", "scheduled", "executing", "retryable", "completed", "discarded", "cancelled"];
}
