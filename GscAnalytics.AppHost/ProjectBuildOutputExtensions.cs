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
        if (!builder.ApplicationBuilder.ExecutionContext.IsRunMode || builder.Resource.BuiltExecutable() is not { } executable)
        {
            return builder;
        }

        return builder.WithAnnotation(
            new ExecutableAnnotation { Command = executable, WorkingDirectory = Path.GetDirectoryName(executable)! },
            ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>The project's program in the AppHost's build output, if it is there.</summary>
    public static string? BuiltExecutable(this ProjectResource project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var name = Path.GetFileNameWithoutExtension(project.GetProjectMetadata().ProjectPath);
        var targetPath = typeof(ProjectBuildOutputExtensions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == $"{name}:TargetPath")?.Value;
        var executable = targetPath is null ? null : Path.ChangeExtension(targetPath, null);
        return File.Exists(executable) ? executable : null;
    }
}
