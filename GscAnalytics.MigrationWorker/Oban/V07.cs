namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Oban's <c>lib/oban/migrations/postgres/v07.ex</c> at tag v2.18.3: an index for pruning finished jobs.
/// </summary>
internal sealed class V07 : ObanVersion
{
    public override int Number => 7;

    public override IEnumerable<string> Up(ObanSchema s)
    {
        yield return $"CREATE INDEX IF NOT EXISTS oban_jobs_attempted_at_id_index ON {s.Quoted}.oban_jobs (attempted_at desc, id) WHERE state in ('completed', 'discarded')";
    }

    public override IEnumerable<string> Down(ObanSchema s)
    {
        yield return $"DROP INDEX IF EXISTS {s.Quoted}.oban_jobs_attempted_at_id_index";
    }
}
