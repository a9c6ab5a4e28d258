namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Oban's <c>lib/oban/migrations/postgres/v04.ex</c> at tag v2.18.3: retires oban_wrap_id.
/// </summary>
internal sealed class V04 : ObanVersion
{
    public override int Number => 4;

    public override IEnumerable<string> Up(ObanSchema s)
    {
        yield return $"DROP FUNCTION IF EXISTS {s.Quoted}.oban_wrap_id(value bigint)";
    }

    public override IEnumerable<string> Down(ObanSchema s)
    {
        yield return V02.WrapIdFunction(s);
    }
}
