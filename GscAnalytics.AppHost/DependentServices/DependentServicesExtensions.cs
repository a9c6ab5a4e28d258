namespace Aspire.Hosting;

public static class DependentServicesExtensions
{
    public const string SectionName = "DependentServices";

    /// <summary>
    /// Adds each <c>DependentServices:&lt;name&gt;</c> (<c>Command</c>, <c>Args</c>, <c>WorkingDirectory</c> relative
    /// to the AppHost's folder, <c>References</c>: database resource names, else <paramref name="defaultDatabase"/>)
    /// as an executable that starts only after <paramref name="migrations"/> finished with exit code 0.
    /// </summary>
    public static IDistributedApplicationBuilder AddDependentServices(this IDistributedApplicationBuilder builder,
        IResourceBuilder<ProjectResource> migrations, IResourceBuilder<IResourceWithConnectionString> defaultDatabase)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(defaultDatabase);
        foreach (var service in builder.Configuration.GetSection(SectionName).GetChildren())
        {
            var setting = $"{SectionName}:{service.Key}";
            var command = service["Command"];
            var workingDirectory = Path.GetFullPath(service["WorkingDirectory"] ?? ".", builder.AppHostDirectory);
            if (string.IsNullOrWhiteSpace(command))
            {
                builder.RefuseSetting($"{setting}:Command is not set; name the program to run (e.g. mix).");
                continue;
            }

            if (!Directory.Exists(workingDirectory))
            {
                builder.RefuseSetting($"{setting}:WorkingDirectory is '{workingDirectory}', which does not exist (relative paths start at {builder.AppHostDirectory}).");
                continue;
            }

            var args = service.GetSection("Args").GetChildren().Select(a => a.Value ?? string.Empty).ToArray();
            var executable = builder.AddExecutable(service.Key, command, workingDirectory, args);
            var references = service.GetSection("References").GetChildren().Select(r => r.Value!).ToList();
            foreach (var name in references.Count > 0 ? references : [defaultDatabase.Resource.Name])
            {
                if (builder.Resources.OfType<IResourceWithConnectionString>().FirstOrDefault(r => r.Name == name) is { } reference)
                {
                    executable.WithReference(builder.CreateResourceBuilder(reference));
                }
                else
                {
                    builder.RefuseSetting($"{setting}:References names '{name}', which is not a database of this AppHost.");
                }
            }

            // Deployed, these are started by their own engine once the schema verifies (see deploy/).
            executable.WithCommandCheck().WithoutHttpsCertificate().WaitForCompletion(migrations).ExcludeFromManifest();
        }

        return builder;
    }
}
