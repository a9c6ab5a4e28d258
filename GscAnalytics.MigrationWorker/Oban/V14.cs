namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Oban's <c>lib/oban/migrations/postgres/v14.ex</c> at tag v2.21.1: the 'suspended' state; beyond our
/// default target. Version 14 first shipped in v2.21.0 as a type swap that rebuilt the state column (and
/// with it dropped the indexes on state); v2.21.1 replaced that with the one ALTER TYPE followed here.
/// </summary>
internal sealed class V14 : ObanVersion
{
    public override int Number => 14;

    public override IEnumerable<string> Up(ObanSchema s)
    {
        yield return $"ALTER TYPE {s.Quoted}.oban_job_state ADD VALUE IF NOT EXISTS 'suspended' BEFORE 'scheduled'";
    }

    // An enum label cannot be dropped; suspended jobs go back to scheduled and the label stays.
    public override IEnumerable<string> Down(ObanSchema s)
    {
        yield return $"UPDATE {s.Quoted}.oban_jobs SET state = 'scheduled' WHERE state = 'suspended'";
    }
}
