using GscAnalytics.Shared;

namespace GscAnalytics.MigrationWorker.Monitoring;

/// <summary>What one poll of a database found: its state, the attempts that failed since the poll before, and the jobs completed since then by queue.</summary>
internal sealed record ObanPoll(ObanDatabaseState State, IReadOnlyList<ObanFailure> Failures, IReadOnlyDictionary<string, long> Completed)
{
    public static ObanPoll Without(ObanDatabaseState state) => new(state, [], new Dictionary<string, long>());
}
