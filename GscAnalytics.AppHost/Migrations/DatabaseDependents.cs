namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// What depends on a database's migrated schema: the resources that refer to the database and wait, directly or through
/// others, for the migrations. Jobs (what something waits to complete, such as an app's own migrations) are in the
/// order they wait for each other; services are the long-running rest. What starts only when asked is neither.
/// </summary>
internal sealed record DatabaseDependents(IReadOnlyList<IResource> Jobs, IReadOnlyList<IResource> Services)
{
    public static DatabaseDependents Of(DistributedApplicationModel model, IResource database, IResource migrations)
    {
        var dependents = model.Resources
            .Where(r => r != migrations && RefersTo(r, database) && WaitsFor(r, migrations, []) && !r.Annotations.OfType<ExplicitStartupAnnotation>().Any())
            .ToList();
        var awaited = model.Resources.SelectMany(r => r.Annotations.OfType<WaitAnnotation>())
            .Where(w => w.WaitType == WaitType.WaitForCompletion).Select(w => w.Resource).ToHashSet();
        var jobs = dependents.Where(awaited.Contains).ToList();

        // A job after every job it waits for.
        var ordered = new List<IResource>();
        while (jobs.Count > 0)
        {
            var next = jobs.FirstOrDefault(j => !jobs.Any(other => other != j && WaitsFor(j, other, []))) ?? jobs[0];
            ordered.Add(next);
            jobs.Remove(next);
        }

        return new(ordered, [.. dependents.Where(d => !awaited.Contains(d))]);
    }

    private static bool RefersTo(IResource resource, IResource database) =>
        resource.Annotations.OfType<ResourceRelationshipAnnotation>().Any(r => r.Type == "Reference" && r.Resource == database);

    private static bool WaitsFor(IResource resource, IResource target, HashSet<IResource> seen) =>
        seen.Add(resource) && resource.Annotations.OfType<WaitAnnotation>().Any(w => w.Resource == target || WaitsFor(w.Resource, target, seen));
}
