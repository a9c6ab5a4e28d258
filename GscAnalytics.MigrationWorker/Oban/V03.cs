namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Oban's <c>lib/oban/migrations/postgres/v03.ex</c> at tag v2.18.3: records which nodes attempted a job.
/// </summary>
internal sealed class V03 : ObanVersion
{
    public override int Number => 3;

    public override IEnumerable<string> Up(ObanSchema s)
    {
        yield return $"ALTER TABLE {s.Quoted}.oban_jobs ADD COLUMN IF NOT EXISTS attempted_by text[]";
    }

    public override IEnumerable<string> Down(ObanSchema s)
    {
        yield return $"ALTER TABLE {s.Quoted}.oban_jobs DROP COLUMN IF EXISTS attempted_by";
    }
}
