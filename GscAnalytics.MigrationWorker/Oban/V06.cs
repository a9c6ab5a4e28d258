namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Oban's <c>lib/oban/migrations/postgres/v06.ex</c> at tag v2.18.3: empty both ways; the file stays
/// because version numbers are a contract with the comment that Oban reads.
/// </summary>
internal sealed class V06 : ObanVersion
{
    public override int Number => 6;

    public override IEnumerable<string> Up(ObanSchema s) => [];

    public override IEnumerable<string> Down(ObanSchema s) => [];
}
