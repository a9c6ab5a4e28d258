namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Oban's <c>lib/oban/migrations/postgres/v11.ex</c> at tag v2.18.3: the peers table used for leadership;
/// unlogged by default since it is rebuilt at will.
/// </summary>
internal sealed class V11 : ObanVersion
{
    public override int Number => 11;

    public override IEnumerable<string> Up(ObanSchema s)
    {
        yield return $"""
            CREATE TABLE IF NOT EXISTS {s.Quoted}.oban_peers (
              name text NOT NULL,
              node text NOT NULL,
              started_at timestamp NOT NULL,
              expires_at timestamp NOT NULL,
              PRIMARY KEY (name)
            )
            """;

        if (s.Unlogged)
        {
            yield return $"ALTER TABLE {s.Quoted}.oban_peers SET UNLOGGED";
        }
    }

    public override IEnumerable<string> Down(ObanSchema s)
    {
        yield return $"DROP TABLE {s.Quoted}.oban_peers";
    }
}
