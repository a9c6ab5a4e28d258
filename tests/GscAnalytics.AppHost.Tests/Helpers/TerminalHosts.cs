namespace GscAnalytics.AppHost.Tests.Helpers;

/// <summary>Aspire's terminal host processes (<c>aspire-managed terminalhost</c>) that one AppHost process started.</summary>
public static class TerminalHosts
{
    public static List<int> Of(int appHostPid) =>
        ProcessTable.WithCommandLineAndEnvironmentContaining("terminalhost", $"ASPIRE_TERMINAL_HOST_PARENT_PID={appHostPid} ");
}
