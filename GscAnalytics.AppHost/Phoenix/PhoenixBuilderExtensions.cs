using GscAnalytics.Hosting.Phoenix;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>A Phoenix (Mix) app as Aspire resources; see Phoenix/README.md.</summary>
public static class PhoenixBuilderExtensions
{
    /// <summary>What to say when <c>mix</c> is missing.</summary>
    internal const string InstallElixir = "install Elixir (Debian/Ubuntu: apt-get install elixir)";

    /// <summary>
    /// <c>mix phx.server</c> in <paramref name="directory"/> (relative to the AppHost's folder) with <c>MIX_ENV=dev</c>
    /// and <c>PHX_HOST=localhost</c>; an HTTP endpoint on <paramref name="port"/> (Phoenix's 4000 by default) given to
    /// the app as <c>PORT</c>, healthy once <paramref name="healthPath"/> answers below 500; <c>SECRET_KEY_BASE</c> from
    /// a secret parameter generated once into the AppHost's user secrets; OpenTelemetry over OTLP/HTTP with protobuf,
    /// which the Erlang exporter speaks by default. Its installer, <c>mix deps.get</c>, is a resource of its own
    /// (<c>&lt;name&gt;-installer</c>) that the app waits for.
    /// </summary>
    public static IResourceBuilder<PhoenixAppResource> AddPhoenixApp(this IDistributedApplicationBuilder builder,
        [ResourceName] string name, string directory, int port = 4000, string healthPath = "/")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var resource = new PhoenixAppResource(name, Path.GetFullPath(directory, builder.AppHostDirectory));
        var secretKeyBase = ParameterResourceBuilderExtensions.CreateGeneratedParameter(builder, $"{name}-secret-key-base", secret: true,
            new GenerateParameterDefault { MinLength = 64, Special = false });
        var healthCheck = $"{name}_check";
        builder.Services.AddHttpClient(healthCheck);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck, services =>
            new PhoenixHealthCheck(resource.HttpEndpoint, healthPath, () => services.GetRequiredService<IHttpClientFactory>().CreateClient(healthCheck)),
            failureStatus: null, tags: null));

        var app = builder.AddResource(resource)
            .WithArgs(context =>
            {
                foreach (var arg in resource.Arguments)
                {
                    context.Args.Add(arg);
                }
            })
            .WithEnvironment("MIX_ENV", "dev")
            .WithEnvironment("PHX_HOST", "localhost")
            .WithEnvironment("SECRET_KEY_BASE", secretKeyBase)
            // Not proxied: Phoenix itself listens on the port a developer expects, 4000 unless told otherwise.
            .WithHttpEndpoint(port: port, targetPort: port, name: PhoenixAppResource.HttpEndpointName, env: "PORT", isProxied: false)
            .WithHealthCheck(healthCheck)
            .WithOtlpExporter(OtlpProtocol.HttpProtobuf)
            .WithEnvironment(ErlangBatchDelay)
            .WithIconName("Globe")
            .WithCommandCheck(InstallElixir, "mix")
            .WithAnnotation(new RunReportAnnotation(ElixirOutput.Cause))
            .WithoutHttpsCertificate()
            .ExcludeFromManifest();
        resource.Installer = app.AddMixTask($"{name}-installer", "deps.get").WithDependentsStartedOnSuccess().Resource;
        return app.WaitForCompletion(builder.CreateResourceBuilder(resource.Installer));
    }

    /// <summary>
    /// Checks that the app's port is free before anything starts (the AppHost refuses to run) and before each start
    /// (the app fails to start), in one line naming <paramref name="setting"/> and what holds the port.
    /// </summary>
    public static IResourceBuilder<PhoenixAppResource> WithFreePortCheck(this IResourceBuilder<PhoenixAppResource> app, string setting) =>
        app.WithFreePortCheck(PhoenixAppResource.HttpEndpointName, setting);

    /// <summary>
    /// The app's own Ecto migrations, <c>mix ecto.migrate</c>, as a resource of their own (<c>&lt;name&gt;-migrations</c>)
    /// in the app's environment: they run after the installer and after everything the app waits for (Oban's schema,
    /// say), and the app waits for them to exit 0. Start on them runs them again; what waits for them follows.
    /// </summary>
    public static IResourceBuilder<PhoenixAppResource> WithEctoMigrations(this IResourceBuilder<PhoenixAppResource> app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var migrations = app.AddMixTask($"{app.Resource.Name}-migrations", "ecto.migrate")
            .WithEnvironment(context => app.Resource.ApplyEnvironmentAsync(context))
            .WithDependentsStartedOnSuccess();
        app.Resource.Migrations = migrations.Resource;

        // What the app waits for and refers to is known once the model is complete.
        app.ApplicationBuilder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            foreach (var wait in app.Resource.Annotations.OfType<WaitAnnotation>().Where(w => w.Resource != migrations.Resource).ToList())
            {
                migrations.WithAnnotation(new WaitAnnotation(wait.Resource, wait.WaitType, wait.ExitCode) { WaitBehavior = wait.WaitBehavior });
            }

            foreach (var reference in app.Resource.Annotations.OfType<ResourceRelationshipAnnotation>().Where(r => r.Type == "Reference").ToList())
            {
                migrations.WithReferenceRelationship(reference.Resource);
            }

            return Task.CompletedTask;
        });
        return app.WaitForCompletion(migrations);
    }

    /// <summary>
    /// Runs the app as <c>iex -S mix phx.server</c> with a terminal: its Terminal view in the dashboard and
    /// <c>aspire terminal attach &lt;name&gt;</c> are the running app's IEx prompt, while its output still reaches its
    /// console log. Where Aspire's terminal host or <c>script</c> is missing, the app keeps running as
    /// <c>mix phx.server</c> and the AppHost's console says why.
    /// </summary>
    public static IResourceBuilder<PhoenixAppResource> WithIex(this IResourceBuilder<PhoenixAppResource> app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var builder = app.ApplicationBuilder;
        if (!builder.ExecutionContext.IsRunMode)
        {
            return app;
        }

        var missing = AspireTerminalHost.Find(builder) is null ? "Aspire's terminal host"
            : CommandLookup.Find(PhoenixTerminals.Script, app.Resource.WorkingDirectory) is null ? $"`{PhoenixTerminals.Script}` (util-linux)"
            : null;
        if (missing is not null)
        {
            var fix = missing.StartsWith("Aspire", StringComparison.Ordinal) ? AspireTerminalHost.Install : "install util-linux";
            builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
            {
                PhoenixLog.NoTerminal(e.Services.GetRequiredService<ILoggerFactory>().CreateLogger(PhoenixLog.Category), app.Resource.Name, missing, fix);
                return Task.CompletedTask;
            });
            return app;
        }

        var transcript = new TerminalTranscript(app.Resource.Name);
        app.Resource.Transcript = transcript;
        return app
            .WithAnnotation(new ExecutableAnnotation { Command = PhoenixTerminals.Script, WorkingDirectory = app.Resource.WorkingDirectory }, ResourceAnnotationMutationBehavior.Replace)
            .WithTerminal(options => options.Columns = PhoenixTerminals.Columns)
            .OnBeforeResourceStarted((resource, e, _) => transcript.StartAsync(e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource)))
            .OnResourceStopped((_, _, _) => transcript.StopAsync());
    }

    /// <summary>
    /// A command on the app's row that opens a shell in the dashboard's terminal dock, in the app's directory with
    /// exactly the app's environment (<c>DATABASE_URL</c>, <c>SECRET_KEY_BASE</c>, …): for <c>mix ecto.rollback</c>,
    /// <c>mix ecto.gen.migration</c> or <c>mix run priv/repo/seeds.exs</c> without copying a password.
    /// </summary>
    public static IResourceBuilder<PhoenixAppResource> WithMixShell(this IResourceBuilder<PhoenixAppResource> app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.WithDockTerminal(PhoenixTerminals.ShellCommand, "Shell", $"Opens a shell in {app.Resource.WorkingDirectory} with {app.Resource.Name}'s environment, in the terminal dock.",
            context => PhoenixTerminals.ShellAsync(app.Resource, context.Services, context.CancellationToken));
    }

    /// <summary>
    /// <c>mix test</c> with <c>MIX_ENV=test</c>, started only when asked (the dashboard's Start, the Aspire CLI), after
    /// the app's installer; it ends Finished with ExUnit's exit code, and its totals are its console line.
    /// </summary>
    public static IResourceBuilder<MixTaskResource> AddMixTests(this IResourceBuilder<PhoenixAppResource> app, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.AddMixTask(name, "test")
            .WithEnvironment("MIX_ENV", "test")
            .WithAnnotation(new RunReportAnnotation(ElixirOutput.Cause, ElixirOutput.TestTotals), ResourceAnnotationMutationBehavior.Replace)
            .WithExplicitStart();
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

    /// <summary>A Mix task in the app's project that runs once, after the app's installer (the installer itself aside).</summary>
    private static IResourceBuilder<MixTaskResource> AddMixTask(this IResourceBuilder<PhoenixAppResource> app, string name, string task)
    {
        var mix = app.ApplicationBuilder.AddResource(new MixTaskResource(name, app.Resource.WorkingDirectory, app.Resource))
            .WithArgs(task)
            .WithParentRelationship(app)
            .WithIconName(task switch { "test" => "BeakerEdit", "deps.get" => "BoxArrowDown", _ => "DatabaseArrowUp" })
            .WithCommandCheck(InstallElixir)
            .WithAnnotation(new RunReportAnnotation(ElixirOutput.Cause))
            .WithoutHttpsCertificate()
            .ExcludeFromManifest();
        return app.Resource.Installer is { } installer ? mix.WaitForCompletion(app.ApplicationBuilder.CreateResourceBuilder(installer)) : mix;
    }

    // Aspire names the batch span processor's delay as the OpenTelemetry spec does; the Erlang SDK reads it with a _MILLIS suffix.
    private static void ErlangBatchDelay(EnvironmentCallbackContext context)
    {
        if (context.EnvironmentVariables.TryGetValue("OTEL_BSP_SCHEDULE_DELAY", out var delay))
        {
            context.EnvironmentVariables["OTEL_BSP_SCHEDULE_DELAY_MILLIS"] = delay;
        }
    }
}
