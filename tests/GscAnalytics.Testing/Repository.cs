namespace GscAnalytics.Testing;

/// <summary>Paths in the repository the tests were built from, found from the test output folder.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration the tests were built in (bin/&lt;configuration&gt;/&lt;framework&gt;), which the worker was built in too.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The target framework the tests were built for, which the projects under test were built for too.</summary>
    public static string Framework { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;

    public static string PathTo(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A project's built assembly, in the configuration the tests were built in; it must be there.</summary>
    public static string BuiltAssembly(string project)
    {
        var path = PathTo(project, "bin", Configuration, Framework, $"{project}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the solution first: {project} is not at {path}");
    }

    public static string Read(params string[] parts) => File.ReadAllText(PathTo(parts));

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GscAnalytics.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException($"No GscAnalytics.sln above {AppContext.BaseDirectory}");
    }
}
