namespace Aspire.Hosting;

/// <summary>A Phoenix (Mix) app as Aspire resources; see Phoenix/README.md.</summary>
public static class PhoenixBuilderExtensions
{
    /// <summary>What to say when <c>mix</c> is missing.</summary>
    internal const string InstallElixir = "install Elixir (Debian/Ubuntu: apt-get install elixir)";

    /// <summary>
    /// <c>mix phx.server</c> in <paramref name="directory"/> (relative to the AppHost's folder) with <c>MIX_ENV=dev</c>,
    /// <c>PHX_SERVER=true</c> and <c>PHX_HOST=localhost</c>; an HTTP endpoint on <paramref name="port"/> (Phoenix's
    /// 4000 by default) given to the app as <c>PORT</c>, healthy once <paramref name="healthPath"/> answers;
    /// <c>SECRET_KEY_BASE</c> from a secret parameter generated once into the AppHost's user secrets; OpenTelemetry
    /// over OTLP/HTTP with protobuf, which the Erlang exporter speaks by default. Its installer, <c>mix deps.get</c>,
    /// is a resource of its own (<c>&lt;name&gt;-installer</c>) that the app waits for.
    /// </summary>
    public static IResourceBuilder<PhoenixAppResource> AddPhoenixApp(this IDistributedApplicationBuilder builder,
        [ResourceName] string name, string directory, int port = 4000, string healthPath = "/")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var workingDirectory = Path.GetFullPath(directory, builder.AppHostDirectory);
        var secretKeyBase = ParameterResourceBuilderExtensions.CreateGeneratedParameter(builder, $"{name}-secret-key-base", secret: true,
            new GenerateParameterDefault { MinLength = 64, Special = false });
        var app = builder.AddResource(new PhoenixAppResource(name, workingDirectory))
            .WithArgs("phx.server")
            .WithEnvironment("MIX_ENV", "dev")
            .WithEnvironment("PHX_SERVER", "true")
            .WithEnvironment("PHX_HOST", "localhost")
            .WithEnvironment("SECRET_KEY_BASE", secretKeyBase)
            // Not proxied: Phoenix itself listens on the port a developer expects, 4000 unless told otherwise.
            .WithHttpEndpoint(port: port, targetPort: port, name: PhoenixAppResource.HttpEndpointName, env: "PORT", isProxied: false)
            .WithHttpHealthCheck(healthPath, endpointName: PhoenixAppResource.HttpEndpointName)
            .WithOtlpExporter(OtlpProtocol.HttpProtobuf)
            .WithIconName("Globe")
            .WithCommandCheck(InstallElixir)
            .WithoutHttpsCertificate()
            .ExcludeFromManifest();
        app.Resource.Installer = app.AddMixTask($"{name}-installer", "deps.get").WithDependentsStartedOnSuccess().Resource;
        return app.WaitForCompletion(app.ApplicationBuilder.CreateResourceBuilder(app.Resource.Installer));
    }

    /// <summary>
    /// <c>mix test</c> with <c>MIX_ENV=test</c>, started only when asked (the dashboard's Start, the Aspire CLI), after
    /// the app's installer; it ends Finished with ExUnit's exit code.
    /// </summary>
    public static IResourceBuilder<MixTaskResource> AddMixTests(this IResourceBuilder<PhoenixAppResource> app, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.AddMixTask(name, "test")
            .WithEnvironment("MIX_ENV", "test")
            .WithExplicitStart()
            .WaitForCompletion(app.ApplicationBuilder.CreateResourceBuilder(app.Resource.Installer!));
    }

    /// <summary>
    /// The database the app (or its tests) uses: Aspire's reference (<c>ConnectionStrings__&lt;name&gt;</c> and the
    /// <c>&lt;NAME&gt;_*</c> variables) and <c>DATABASE_URL</c> in the URL form Ecto's <c>url:</c> option parses.
    /// </summary>
    public static IResourceBuilder<T> WithDatabase<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithConnectionString> database)
        where T : ExecutableResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(database);
        var url = database.Resource.GetConnectionProperties().FirstOrDefault(p => p.Key == "Uri").Value
            ?? throw new ArgumentException($"{database.Resource.Name} has no URI to give as DATABASE_URL.", nameof(database));
        return builder.WithReference(database).WithEnvironment("DATABASE_URL", url);
    }

    private static IResourceBuilder<MixTaskResource> AddMixTask(this IResourceBuilder<PhoenixAppResource> app, string name, string task) =>
        app.ApplicationBuilder.AddResource(new MixTaskResource(name, app.Resource.WorkingDirectory, app.Resource))
            .WithArgs(task)
            .WithParentRelationship(app)
            .WithIconName(task == "test" ? "BeakerEdit" : "BoxArrowDown")
            .WithCommandCheck(InstallElixir)
            .WithoutHttpsCertificate()
            .ExcludeFromManifest();
}
