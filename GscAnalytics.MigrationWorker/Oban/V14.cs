namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>The 'suspended' state (Oban 2.21.1; beyond our default target).</summary>
public sealed class V14 : ObanVersion
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
