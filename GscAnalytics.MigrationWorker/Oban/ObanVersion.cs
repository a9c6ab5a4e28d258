namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>One numbered Oban schema version: the statements of its up and its down, in order.</summary>
internal abstract class ObanVersion
{
    public abstract int Number { get; }

    public abstract IEnumerable<string> Up(ObanSchema schema);

    public abstract IEnumerable<string> Down(ObanSchema schema);
}
