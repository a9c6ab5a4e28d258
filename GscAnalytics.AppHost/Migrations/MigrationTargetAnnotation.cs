namespace Aspire.Hosting.ApplicationModel;

/// <summary>A database the migration worker migrates, in the order AppHost.cs named them.</summary>
public sealed record MigrationTargetAnnotation(IResourceWithConnectionString Database) : IResourceAnnotation;
