namespace Aspire.Hosting.ApplicationModel;

/// <summary>A Mix task that runs once and finishes in a Phoenix app's project: its installer (<c>mix deps.get</c>), its tests (<c>mix test</c>).</summary>
public sealed class MixTaskResource(string name, string workingDirectory, PhoenixAppResource app)
    : ExecutableResource(name, "mix", workingDirectory)
{
    /// <summary>The app whose project the task runs in.</summary>
    public PhoenixAppResource App { get; } = app;
}
