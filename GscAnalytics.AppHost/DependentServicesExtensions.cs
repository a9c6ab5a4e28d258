namespace Aspire.Hosting;

public static class DependentServicesExtensions
{
    public const string SectionName = "DependentServices";
    public const string DefaultReference = "gsc-analytics-dev";

    /// <summary>
    /// Adds each <c>DependentServices:&lt;name&gt;</c> (<c>Command</c>, <c>Args</c>, <c>WorkingDirectory</c>,
    /// <c>References</c>) as an executable that references its databases and starts only after
    /// <paramref name="migrations"/> finished with exit code 0.
    /// </summary>
    public static IDistributedApplicationBuilder AddDependentServices(
        this IDistributedApplicationBuilder builder, IResourceBuilder<IResource> migrations)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var service in builder.Configuration.GetSection(SectionName).GetChildren())
        {
            var command = service["Command"];
            if (string.IsNullOrWhiteSpace(command))
            {
                throw new DistributedApplicationException($"{SectionName}:{service.Key}:Command is not set; name the program to run (e.g. mix).");
            }

            var workingDirectory = service["WorkingDirectory"] ?? Directory.GetCurrentDirectory();
            if (!Directory.Exists(workingDirectory))
            {
                throw new DistributedApplicationException($"{SectionName}:{service.Key}:WorkingDirectory '{workingDirectory}' does not exist.");
            }

            var args = service.GetSection("Args").GetChildren().Select(a => a.Value ?? string.Empty).ToArray();
            var executable = builder.AddExecutable(service.Key, command, workingDirectory, args);
            var references = service.GetSection("References").GetChildren().Select(r => r.Value!).ToList();
            foreach (var name in references.Count > 0 ? references : [DefaultReference])
            {
                var reference = builder.Resources.OfType<IResourceWithConnectionString>().FirstOrDefault(r => r.Name == name)
                    ?? throw new DistributedApplicationException($"{SectionName}:{service.Key}:References names '{name}', which is not a resource with a connection string.");
                executable.WithReference(new ResourceBuilder<IResourceWithConnectionString>(builder, reference));
            }

            executable.WaitForCompletion(migrations);
        }

        return builder;
    }
}
