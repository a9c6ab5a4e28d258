namespace GscAnalytics.Shared;

/// <summary>
/// One database as the Oban monitor saw it: Oban's recorded version, or what is wrong (no Oban schema, no connection);
/// its queues; the jobs executing now (the longest-running first, <paramref name="ExecutingTotal"/> in all); the peers.
/// </summary>
internal sealed record ObanDatabaseState(
    string Name,
    string? Version,
    string? Problem,
    IReadOnlyList<ObanQueueState> Queues,
    IReadOnlyList<ObanExecutingJob> Executing,
    long ExecutingTotal,
    IReadOnlyList<ObanPeer> Peers);
