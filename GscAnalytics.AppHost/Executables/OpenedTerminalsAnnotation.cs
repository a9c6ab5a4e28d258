namespace Aspire.Hosting.ApplicationModel;

/// <summary>The terminals a resource's dock-terminal command opened, newest last, for automation (tests) to drive.</summary>
internal sealed class OpenedTerminalsAnnotation(string command) : IResourceAnnotation
{
    private readonly List<AspireTerminal> terminals = [];

    /// <summary>The command that opens them.</summary>
    public string Command { get; } = command;

    public IReadOnlyList<AspireTerminal> Terminals
    {
        get
        {
            lock (terminals)
            {
                return [.. terminals];
            }
        }
    }

    public void Add(AspireTerminal terminal)
    {
        lock (terminals)
        {
            terminals.Add(terminal);
        }
    }
}
