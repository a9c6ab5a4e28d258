using GscAnalytics.Deployment.Tests.Helpers;
using GscAnalytics.MigrationWorker;
using k8s;
using k8s.Models;

namespace GscAnalytics.Deployment.Tests;

/// <summary>deploy/k8s: the migration Job, the Phoenix Deployment's schema gate, and the Secret they read.</summary>
public sealed class KubernetesManifestTests
{
    private readonly KubernetesManifests manifests = KubernetesManifests.Load();

    private V1Container JobContainer => Assert.Single(manifests.Job.Spec.Template.Spec.Containers);

    private V1Container SchemaGate => Assert.Single(manifests.Deployment.Spec.Template.Spec.InitContainers);

    [Fact]
    public void EveryManifestIsInTheKustomizationButTheExampleSecret()
    {
        Assert.Equal(
            manifests.Files.Keys.Where(f => f != KubernetesManifests.ExampleSecretFile).Order(StringComparer.Ordinal),
            manifests.KustomizationResources.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AnUnknownFieldFailsTheLoad()
    {
        var misspelt = File.ReadAllText(Repository.PathTo("deploy", KubernetesManifests.Folder, "migration-job.yaml"))
            .Replace("activeDeadlineSeconds:", "activeDeadlineSecond:", StringComparison.Ordinal);

        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(misspelt, strict: true));
    }

    [Fact]
    public void TheMigrationIsAJobThatIsNotRestartedInPlaceAndIsBoundedInRetriesAndTime()
    {
        var job = manifests.Job;

        Assert.Equal("batch/v1", job.ApiVersion);
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
        Assert.InRange(job.Spec.BackoffLimit ?? 6, 1, 10);
        Assert.InRange(job.Spec.ActiveDeadlineSeconds ?? 0, 60, 3600);
        Assert.Equal(WorkerImage.Reference, JobContainer.Image);
    }

    [Fact]
    public void TheJobsEnvironmentIsWhatTheWorkerReadsInMigrateMode()
    {
        var worker = WorkerConfiguration.Of(KubernetesChecks.Environment(JobContainer, manifests.ExampleSecret), JobContainer.Args?.ToList());

        Assert.Empty(worker.Problems);
        Assert.Equal(MigrationMode.Migrate, worker.Options.Mode);
    }

    [Fact]
    public void EveryPhoenixPodFirstVerifiesTheSchemaWaitingAtLeastAsLongAsTheJobMayRun()
    {
        var gate = SchemaGate;
        var worker = WorkerConfiguration.Of(KubernetesChecks.Environment(gate, manifests.ExampleSecret), gate.Args?.ToList());

        Assert.Equal(WorkerImage.Reference, gate.Image);
        Assert.Contains("--verify", gate.Args ?? []);
        Assert.Empty(worker.Problems);
        Assert.Equal(MigrationMode.Verify, worker.Options.Mode);
        Assert.True(worker.Options.SchemaTimeout >= TimeSpan.FromSeconds(manifests.Job.Spec.ActiveDeadlineSeconds!.Value),
            $"Migration:SchemaTimeout {worker.Options.SchemaTimeout} is shorter than the Job's activeDeadlineSeconds");
    }

    [Fact]
    public void TheGateChecksTheDatabasesTheJobMigrates()
    {
        var job = WorkerConfiguration.Of(KubernetesChecks.Environment(JobContainer, manifests.ExampleSecret));
        var gate = WorkerConfiguration.Of(KubernetesChecks.Environment(SchemaGate, manifests.ExampleSecret));

        Assert.Equal(job.Options.Databases, gate.Options.Databases);
        Assert.Equal(ConnectionSecrets(JobContainer), ConnectionSecrets(SchemaGate));
    }

    [Fact]
    public void ThePhoenixAppIsAMarkedPlaceholderReadingTheDatabaseTheWorkerMigrates()
    {
        var phoenix = Assert.Single(manifests.Deployment.Spec.Template.Spec.Containers);
        var connection = SecretValues.ConnectionStringParts(KubernetesChecks.Environment(JobContainer, manifests.ExampleSecret)
            .Single(e => e.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).Value);
        var url = new Uri(KubernetesChecks.Environment(phoenix, manifests.ExampleSecret)["DATABASE_URL"]);

        Assert.Equal("gsc_analytics:latest", phoenix.Image);
        Assert.Contains("# PLACEHOLDER", File.ReadAllText(Repository.PathTo("deploy", KubernetesManifests.Folder, "phoenix-deployment.yaml")), StringComparison.Ordinal);
        Assert.Equal([connection["host"], connection["port"], connection["username"], connection["database"]],
            [url.Host, url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), url.UserInfo.Split(':')[0], url.AbsolutePath.TrimStart('/')]);
    }

    [Fact]
    public void EverySecretReferenceNamesTheDocumentedSecretAndOneOfItsKeys()
    {
        Assert.Empty(KubernetesChecks.SecretReferenceProblems(manifests));
    }

    [Fact]
    public void AReferenceToAMissingSecretKeyIsReported()
    {
        var reference = SchemaGate.Env.First(e => e.ValueFrom?.SecretKeyRef is not null).ValueFrom.SecretKeyRef;
        reference.Key = "connection_string";

        Assert.Contains(
            $"verify-schema: ConnectionStrings__gsc-analytics refers to key 'connection_string', which Secret '{manifests.ExampleSecret.Metadata.Name}' does not have",
            KubernetesChecks.SecretReferenceProblems(manifests));
    }

    [Fact]
    public void NoSecretIsWrittenInTheAppliedManifests()
    {
        Assert.Empty(KubernetesChecks.SecretValueProblems(manifests));
    }

    [Fact]
    public void AConnectionStringWrittenInAManifestIsReported()
    {
        var variable = JobContainer.Env.Single(e => e.Name.StartsWith("ConnectionStrings__", StringComparison.Ordinal));
        variable.ValueFrom = null;
        variable.Value = "Host=db;Username=gsc;Password=hunter2;Database=gsc_analytics";

        Assert.Contains($"migrations: {variable.Name} writes a secret in the manifest; take it from the Secret (secretKeyRef)", KubernetesChecks.SecretValueProblems(manifests));
    }

    [Fact]
    public void TheExampleSecretHoldsPlaceholdersAndItsKeysAreTheOnesTheDocsCreate()
    {
        var secret = manifests.ExampleSecret.StringData;
        var documented = new[] { Repository.Read("deploy", KubernetesManifests.Folder, KubernetesManifests.ExampleSecretFile), Repository.Read("deploy", "README.md") }
            .Select(text => System.Text.RegularExpressions.Regex.Matches(text, "--from-literal=(?<key>[A-Za-z0-9._-]+)=").Select(m => m.Groups["key"].Value).Distinct().Order(StringComparer.Ordinal));

        Assert.All(secret, e => Assert.All(SecretValues.Parts(e.Key, e.Value), part => Assert.Equal(SecretValues.Placeholder, part)));
        Assert.All(secret, e => Assert.NotEmpty(SecretValues.Parts(e.Key, e.Value)));
        Assert.All(documented, keys => Assert.Equal(secret.Keys.Order(StringComparer.Ordinal), keys));
    }

    private static List<(string, string)> ConnectionSecrets(V1Container container) =>
        [.. container.Env.Where(e => e.Name.StartsWith("ConnectionStrings__", StringComparison.Ordinal))
            .Select(e => (e.Name, $"{e.ValueFrom.SecretKeyRef.Name}/{e.ValueFrom.SecretKeyRef.Key}"))];
}
