namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Which lines of a resource's own output report on a run, for whoever reports it (the AppHost's console): the line
/// that says why a run failed, and the line that sums up how a run ended (a test runner's totals). Each reader gets the
/// run's output lines, plain, oldest first, and returns null when none fits.
/// </summary>
public sealed class RunReportAnnotation(Func<IReadOnlyList<string>, string?> cause, Func<IReadOnlyList<string>, string?>? summary = null) : IResourceAnnotation
{
    public Func<IReadOnlyList<string>, string?> Cause { get; } = cause;

    public Func<IReadOnlyList<string>, string?>? Summary { get; } = summary;
}
