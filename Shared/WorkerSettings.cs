namespace GscAnalytics.Shared;

/// <summary>
/// The migration worker's configuration keys that the AppHost sets, in one place for both: the worker binds its
/// options from them and the AppHost writes them onto the worker's environment and command line.
/// </summary>
internal static class WorkerSettings
{
    public const string Section = "Migration";

    public const string Databases = "Databases";

    public const string Mode = "Mode";

    public const string ConnectTimeout = "ConnectTimeout";

    /// <summary>The command-line switch for verify mode (<c>Migration:Mode=Verify</c>), as a deployment's init container passes it.</summary>
    public const string VerifySwitch = "--verify";

    /// <summary>The configuration key of the database at <paramref name="index"/> of <c>Migration:Databases</c>.</summary>
    public static string DatabaseKey(int index) => $"{Section}:{Databases}:{index}";

    /// <summary>The same as an environment variable.</summary>
    public static string DatabaseVariable(int index) => DatabaseKey(index).Replace(":", "__", StringComparison.Ordinal);

    /// <summary>A command-line argument setting <c>Migration:&lt;key&gt;</c>.</summary>
    public static string Argument(string key, string value) => $"--{Section}:{key}={value}";
}
