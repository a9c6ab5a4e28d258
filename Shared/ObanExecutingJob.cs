namespace GscAnalytics.Shared;

/// <summary>A job executing now: the node running it (the first of Oban's <c>attempted_by</c>) and for how long, in seconds.</summary>
internal sealed record ObanExecutingJob(long Id, string Queue, string Worker, string? Node, double Seconds);
