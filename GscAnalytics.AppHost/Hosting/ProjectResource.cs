namespace Aspire.Hosting.ApplicationModel;

/// <summary>A .NET project, started from its build output with the environment of its launch profile.</summary>
public sealed class ProjectResource(string name, IProjectMetadata project)
    : ProcessResource(name, "dotnet", Path.GetDirectoryName(project.ProjectPath))
{
    public IProjectMetadata Project { get; } = project;
}
