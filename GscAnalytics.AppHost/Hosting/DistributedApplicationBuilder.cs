using GscAnalytics.AppHost.Dashboard;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Aspire.Hosting;

internal sealed class DistributedApplicationBuilder : IDistributedApplicationBuilder
{
    private readonly HostApplicationBuilder host;
    private readonly List<IResource> resources = [];

    public DistributedApplicationBuilder(string[] args)
    {
        var appHost = Assembly.GetEntryAssembly() ?? typeof(DistributedApplicationBuilder).Assembly;
        host = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ApplicationName = appHost.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        AppHostDirectory = appHost.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AppHostProjectPath")?.Value ?? AppContext.BaseDirectory;

        // As in Aspire, the AppHost's user secrets hold its parameters in every environment,
        // below environment variables and the command line.
        var environmentSource = host.Configuration.Sources.OfType<EnvironmentVariablesConfigurationSource>().FirstOrDefault();
        var index = environmentSource is null ? host.Configuration.Sources.Count : host.Configuration.Sources.IndexOf(environmentSource);
        var secrets = new ConfigurationBuilder().AddUserSecrets(appHost, optional: true, reloadOnChange: false).Sources.LastOrDefault();
        if (secrets is not null && !host.Environment.IsDevelopment())
        {
            host.Configuration.Sources.Insert(index, secrets);
        }

        host.Logging.ClearProviders();

        // The AppHost reports a failed start itself, in one line; the host's own report is a stack trace.
        host.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        host.Logging.AddConsole(options => options.FormatterName = AppHostConsoleFormatter.FormatterName)
            .AddConsoleFormatter<AppHostConsoleFormatter, ConsoleFormatterOptions>();
        host.Services.Configure<HostOptions>(options =>
        {
            options.ShutdownTimeout = TimeSpan.FromSeconds(60);
            options.ServicesStopConcurrently = true;
        });
        host.Services.AddSingleton<ResourceNotificationService>();
        host.Services.AddSingleton<ResourceLoggerService>();
        host.Services.AddSingleton<IReadOnlyList<IResource>>(resources);

        // The orchestrator starts first (PostgreSQL needs no dashboard) and the dashboard starts while
        // PostgreSQL does; on shutdown the dashboard waits for the resources to stop.
        host.Services.AddSingleton<ApplicationOrchestrator>();
        host.Services.AddHostedService(services => services.GetRequiredService<ApplicationOrchestrator>());
        host.Services.AddOptions<DashboardOptions>()
            .Bind(host.Configuration.GetSection(DashboardOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (host.Configuration.GetValue($"{DashboardOptions.SectionName}:Enabled", true))
        {
            host.Services.AddSingleton<DashboardHost>();
            host.Services.AddHostedService(services => services.GetRequiredService<DashboardHost>());
        }
    }

    public ConfigurationManager Configuration => host.Configuration;

    public IHostEnvironment Environment => host.Environment;

    public IServiceCollection Services => host.Services;

    public string AppHostDirectory { get; }

    public IReadOnlyList<IResource> Resources => resources;

    public IResourceBuilder<T> AddResource<T>(T resource)
        where T : IResource
    {
        if (resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DistributedApplicationException($"Cannot add resource '{resource.Name}': a resource with that name already exists.");
        }

        resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    public DistributedApplication Build() => new(host.Build(), resources);
}
