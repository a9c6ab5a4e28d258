namespace Aspire.Hosting.ApplicationModel;

/// <summary>What project and executable resources share: a command line, an environment, references.</summary>
public abstract class ProcessResource(string name, string command, string? workingDirectory) : Resource(name), IResourceWithEnvironment
{
    public string Command { get; } = command;

    public string? WorkingDirectory { get; } = workingDirectory;

    public IList<string> Args { get; } = [];

    public IList<IResourceWithConnectionString> References { get; } = [];

    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
