namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Oban's <c>lib/oban/migrations/postgres/v05.ex</c> at tag v2.18.3: replaces the single-column indexes
/// with one compound fetch index.
/// </summary>
internal sealed class V05 : ObanVersion
{
    public override int Number => 5;

    public override IEnumerable<string> Up(ObanSchema s)
    {
        yield return $"DROP INDEX IF EXISTS {s.Quoted}.oban_jobs_scheduled_at_index";
        yield return $"DROP INDEX IF EXISTS {s.Quoted}.oban_jobs_queue_index";
        yield return $"DROP INDEX IF EXISTS {s.Quoted}.oban_jobs_state_index";
        yield return CompoundIndex(s);
    }

    public override IEnumerable<string> Down(ObanSchema s)
    {
        yield return $"DROP INDEX IF EXISTS {s.Quoted}.oban_jobs_queue_state_scheduled_at_id_index";
        yield return $"CREATE INDEX IF NOT EXISTS oban_jobs_queue_index ON {s.Quoted}.oban_jobs (queue)";
        yield return $"CREATE INDEX IF NOT EXISTS oban_jobs_state_index ON {s.Quoted}.oban_jobs (state)";
        yield return V02.PartialScheduledAtIndex(s);
    }

    /// <summary>V08's down restores this index.</summary>
    internal static string CompoundIndex(ObanSchema s) =>
        $"CREATE INDEX IF NOT EXISTS oban_jobs_queue_state_scheduled_at_id_index ON {s.Quoted}.oban_jobs (queue, state, scheduled_at, id)";
}
