namespace GscAnalytics.MigrationWorker.Monitoring;

/// <summary>
/// A failed attempt of a job, as the monitor logs it: now retryable or discarded, its arguments (as JSON, at most
/// <see cref="ArgsLength"/> characters and a mark when cut), the first line of its last error and when it failed (UTC).
/// </summary>
internal sealed record ObanFailure(long Id, string State, string Queue, string Worker, int Attempt, int MaxAttempts, string Args, string Error, DateTime FailedAt)
{
    public const int ArgsLength = 200;

    public bool Discarded => State == "discarded";

    /// <summary>The arguments as logged: cut at <see cref="ArgsLength"/> characters.</summary>
    public string ShownArgs => Args.Length > ArgsLength ? string.Concat(Args.AsSpan(0, ArgsLength), "…") : Args;
}
