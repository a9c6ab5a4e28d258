namespace GscAnalytics.MigrationWorker;

public enum MigrationMode
{
    /// <summary>Apply the EF migrations, then verify.</summary>
    Migrate,

    /// <summary>Apply nothing: wait for the schema, then check it against Oban's catalog (an init container's gate, a drift check).</summary>
    Verify,

    /// <summary>Apply nothing: watch Oban's jobs (counts, latency, failures) until stopped; the AppHost's <c>oban</c> resource.</summary>
    Monitor,
}
