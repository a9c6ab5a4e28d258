using GscAnalytics.AppHost;
using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

public static class DependentServicesExtensions
{
    public const string SectionName = "DependentServices";
    public const string DefaultReference = "gsc-analytics-dev";

    /// <summary>
    /// Adds each <c>DependentServices:&lt;name&gt;</c> (<c>Command</c>, <c>Args</c>, <c>WorkingDirectory</c> relative
    /// to the AppHost's folder, <c>References</c>) as an executable that references its databases and starts
    /// only after <paramref name="migrations"/> finished with exit code 0, also when a later run of it does.
    /// </summary>
    public static IDistributedApplicationBuilder AddDependentServices(
        this IDistributedApplicationBuilder builder, IResourceBuilder<IResourceWithWaitSupport> migrations)
    {
        ArgumentNullException.ThrowIfNull(builder);
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
            foreach (var name in references.Count > 0 ? references : [DefaultReference])
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

            // Deployed, the Phoenix app is started by its own engine once the schema verifies (see deploy/).
            executable.WithoutHttpsCertificate().WaitForCompletion(migrations).ExcludeFromManifest();
        }

        builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<DependentsAfterMigrations>(services, migrations.Resource));
        builder.Eventing.Subscribe<BeforeStartEvent>((e, ct) => e.Services.GetRequiredService<DependentsAfterMigrations>().StartAsync(e, ct));
        return builder;
    }
}
