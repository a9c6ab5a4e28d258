using System.Xml.Linq;

namespace GscAnalytics.Deployment.Tests.Helpers;

/// <summary>The container image <c>dotnet publish -t:PublishContainer</c> makes of the worker, from its project's properties.</summary>
internal static class WorkerImage
{
    private static readonly XDocument Project = XDocument.Load(Repository.PathTo("GscAnalytics.MigrationWorker", "GscAnalytics.MigrationWorker.csproj"));

    public static string Name => Property("ContainerRepository");

    /// <summary>The project's tag; CI replaces the list with its own (-p:ContainerImageTags=...).</summary>
    public static string Tag => Property("ContainerImageTags").Split(';')[0];

    /// <summary>The name the manifests run before a registry and a release tag are put in front and behind.</summary>
    public static string Reference => $"{Name}:{Tag}";

    public static string Property(string name) =>
        Project.Descendants(name).SingleOrDefault()?.Value ?? throw new InvalidOperationException($"The worker's project sets no {name}");
}
