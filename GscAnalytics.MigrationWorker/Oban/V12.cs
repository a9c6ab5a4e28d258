namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Oban's <c>lib/oban/migrations/postgres/v12.ex</c> at tag v2.18.3: priorities above 3 become legal, and
/// the notify trigger goes (Oban notifies from the app).
/// </summary>
internal sealed class V12 : ObanVersion
{
    public override int Number => 12;

    public override IEnumerable<string> Up(ObanSchema s)
    {
        yield return $"ALTER TABLE {s.Quoted}.oban_jobs DROP CONSTRAINT priority_range";
        yield return $"ALTER TABLE {s.Quoted}.oban_jobs ADD CONSTRAINT non_negative_priority CHECK (priority >= 0) NOT VALID";
        yield return $"DROP TRIGGER IF EXISTS oban_notify ON {s.Quoted}.oban_jobs";
        yield return $"DROP FUNCTION IF EXISTS {s.Quoted}.oban_jobs_notify()";
    }

    public override IEnumerable<string> Down(ObanSchema s)
    {
        yield return $"ALTER TABLE {s.Quoted}.oban_jobs DROP CONSTRAINT non_negative_priority";
        yield return $"ALTER TABLE {s.Quoted}.oban_jobs ADD CONSTRAINT priority_range CHECK (priority between 0 and 3) NOT VALID";
        yield return V08.NotifyFunction(s);
        yield return V08.NotifyOnInsertTrigger(s);
    }
}
