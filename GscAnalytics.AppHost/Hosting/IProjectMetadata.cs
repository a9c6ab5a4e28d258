namespace Aspire.Hosting;

/// <summary>A project resource's paths, generated per project reference as in Aspire's AppHost SDK.</summary>
public interface IProjectMetadata
{
    string ProjectPath { get; }

    /// <summary>The built assembly, started directly instead of through a per-start <c>dotnet run</c>.</summary>
    string TargetPath { get; }
}
