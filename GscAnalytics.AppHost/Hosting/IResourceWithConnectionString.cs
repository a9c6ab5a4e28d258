namespace Aspire.Hosting.ApplicationModel;

/// <summary>A resource other resources can reference: it hands them a connection string and its parts.</summary>
public interface IResourceWithConnectionString : IResource
{
    /// <summary>The parts Aspire exposes as <c>NAME_HOST</c>, <c>NAME_PORT</c>, …; known once the resource has started.</summary>
    IReadOnlyDictionary<string, string> GetConnectionProperties();

    string GetConnectionString();
}
