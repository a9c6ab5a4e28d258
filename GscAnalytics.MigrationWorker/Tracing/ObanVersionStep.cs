namespace GscAnalytics.MigrationWorker.Tracing;

/// <summary>One Oban version applied (from N-1 to N) or undone (from N to N-1).</summary>
internal readonly record struct ObanVersionStep(int From, int To);
