using System.Reflection;

namespace Aspire.Hosting;

public static class ProjectBuildOutputExtensions
{
    /// <summary>
    /// Starts the project from the output the AppHost's build produced, instead of through <c>dotnet run</c>,
    /// which spends about 2.5 s on SDK work at every start. Without that output, Aspire's default applies.
    /// </summary>
    public static IResourceBuilder<ProjectResource> FromBuildOutput(this IResourceBuilder<ProjectResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var project = Path.GetFileNameWithoutExtension(builder.Resource.GetProjectMetadata().ProjectPath);
        var targetPath = typeof(ProjectBuildOutputExtensions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == $"{project}:TargetPath")?.Value;
        var executable = targetPath is null ? null : Path.ChangeExtension(targetPath, null);
        if (executable is null || !File.Exists(executable))
        {
            return builder;
        }

        return builder.WithAnnotation(
            new ExecutableAnnotation { Command = executable, WorkingDirectory = Path.GetDirectoryName(executable)! },
            ResourceAnnotationMutationBehavior.Replace);
    }
}
