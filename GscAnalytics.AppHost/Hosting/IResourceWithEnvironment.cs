namespace Aspire.Hosting.ApplicationModel;

/// <summary>A resource run as a process, which gets environment variables and references.</summary>
public interface IResourceWithEnvironment : IResource
{
    IList<IResourceWithConnectionString> References { get; }

    IDictionary<string, string> Environment { get; }

    IList<string> Args { get; }

    string? WorkingDirectory { get; }
}
