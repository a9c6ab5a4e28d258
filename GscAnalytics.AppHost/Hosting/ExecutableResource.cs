namespace Aspire.Hosting.ApplicationModel;

/// <summary>Any other program, such as the Phoenix app's <c>mix phx.server</c>.</summary>
public sealed class ExecutableResource(string name, string command, string workingDirectory)
    : ProcessResource(name, command, workingDirectory);
