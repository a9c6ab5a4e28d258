using GscAnalytics.MigrationWorker.Oban;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GscAnalytics.MigrationWorker.Data;

/// <summary>
/// <c>Oban.Migration.up/1</c> and <c>down/1</c> for EF migrations, as the same SQL
/// <see cref="ObanMigrator"/> runs. EF writes its SQL before it sees the database, so the script decides
/// in SQL, when it runs, which versions to apply; it is right on a fresh database, on one Oban itself
/// left at any version, and in the output of <c>dotnet ef migrations script</c> (idempotent or not).
/// </summary>
public static class ObanMigrationBuilderExtensions
{
    /// <summary>Adds <see cref="ObanMigrator.UpAsync"/>'s SQL to the migration.</summary>
    /// <exception cref="ObanMigrationException">The prefix or version in <paramref name="options"/> is invalid.</exception>
    public static MigrationBuilder UpOban(this MigrationBuilder migrationBuilder, ObanMigrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        return migrationBuilder.AddScript(ObanMigrationScript.Up(options ?? new ObanMigrationOptions()));
    }

    /// <summary>Adds <see cref="ObanMigrator.DownAsync"/>'s SQL to the migration.</summary>
    /// <exception cref="ObanMigrationException">The prefix or version in <paramref name="options"/> is invalid.</exception>
    public static MigrationBuilder DownOban(this MigrationBuilder migrationBuilder, ObanMigrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        return migrationBuilder.AddScript(ObanMigrationScript.Down(options ?? new ObanMigrationOptions()));
    }

    // Inside the migration's transaction (suppressTransaction stays false), where the plan's setting lives.
    private static MigrationBuilder AddScript(this MigrationBuilder migrationBuilder, IReadOnlyList<string> commands)
    {
        foreach (var command in commands)
        {
            migrationBuilder.Sql(command);
        }

        return migrationBuilder;
    }
}
