namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Oban's <c>lib/oban/migrations/postgres/v13.ex</c> at tag v2.20.0: indexes for pruning cancelled and
/// discarded jobs; beyond our default target.
/// </summary>
internal sealed class V13 : ObanVersion
{
    public override int Number => 13;

    public override IEnumerable<string> Up(ObanSchema s)
    {
        yield return $"CREATE INDEX IF NOT EXISTS oban_jobs_state_cancelled_at_index ON {s.Quoted}.oban_jobs (state, cancelled_at)";
        yield return $"CREATE INDEX IF NOT EXISTS oban_jobs_state_discarded_at_index ON {s.Quoted}.oban_jobs (state, discarded_at)";
    }

    public override IEnumerable<string> Down(ObanSchema s)
    {
        yield return $"DROP INDEX IF EXISTS {s.Quoted}.oban_jobs_state_discarded_at_index";
        yield return $"DROP INDEX IF EXISTS {s.Quoted}.oban_jobs_state_cancelled_at_index";
    }
}
