using GscAnalytics.MigrationWorker.Oban;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GscAnalytics.MigrationWorker.Data;

/// <summary>
/// <c>Oban.Migration.up/1</c> and <c>down/1</c> for EF migrations. EF writes its SQL before it
/// sees the database, so each Oban version runs behind a guard that reads the recorded version in SQL.
/// </summary>
public static class ObanMigrationBuilderExtensions
{
    public static MigrationBuilder UpOban(this MigrationBuilder migrationBuilder, ObanMigrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var command in ObanMigrator.UpScript(options ?? new ObanMigrationOptions()))
        {
            migrationBuilder.Sql(command);
        }

        return migrationBuilder;
    }

    public static MigrationBuilder DownOban(this MigrationBuilder migrationBuilder, ObanMigrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var command in ObanMigrator.DownScript(options ?? new ObanMigrationOptions()))
        {
            migrationBuilder.Sql(command);
        }

        return migrationBuilder;
    }
}
