namespace Aspire.Hosting.ApplicationModel;

/// <summary>Aspire's resource states, as the dashboard and <c>WaitFor</c> see them.</summary>
public static class KnownResourceStates
{
    public const string NotStarted = nameof(NotStarted);
    public const string Waiting = nameof(Waiting);
    public const string Starting = nameof(Starting);
    public const string Running = nameof(Running);
    public const string Finished = nameof(Finished);
    public const string Exited = nameof(Exited);
    public const string FailedToStart = nameof(FailedToStart);
    public const string Stopping = nameof(Stopping);

    public static IReadOnlyList<string> TerminalStates { get; } = [Finished, Exited, FailedToStart];

    public static bool IsTerminal(string state) => TerminalStates.Contains(state);
}
