using System.ComponentModel.DataAnnotations;
using GscAnalytics.Shared;

namespace GscAnalytics.MigrationWorker;

/// <summary>The <c>Migration</c> section: what to migrate or verify, and how long to wait for what.</summary>
public sealed class MigrationOptions
{
    public const string SectionName = WorkerSettings.Section;

    /// <summary>
    /// The connection string names to work on, in order. There is no default: the AppHost names the databases
    /// AppHost.cs gives the worker, and a deployment names its own.
    /// </summary>
    public IList<string> Databases { get; } = [];

    public MigrationMode Mode { get; set; } = MigrationMode.Migrate;

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Migration:ConnectTimeout must be between 00:00:00 and 01:00:00.")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for a lock another session holds (another worker, or an application's transaction) before giving up.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ErrorMessage = "Migration:LockTimeout must be between 00:00:00.001 and 01:00:00.")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>In <see cref="MigrationMode.Verify"/>, how long to wait for another process to bring the schema to the target version.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Migration:SchemaTimeout must be between 00:00:00 and 01:00:00.")]
    public TimeSpan SchemaTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>Turns the <c>--verify</c> and <c>--monitor</c> switches into <c>Migration:Mode=Verify</c> and <c>=Monitor</c>.</summary>
    public static string[] ExpandSwitches(string[] args) =>
        [.. args.Select(a => a switch
        {
            WorkerSettings.VerifySwitch => WorkerSettings.Argument(WorkerSettings.Mode, nameof(MigrationMode.Verify)),
            ObanMonitorState.Switch => WorkerSettings.Argument(WorkerSettings.Mode, nameof(MigrationMode.Monitor)),
            _ => a,
        })];
}
