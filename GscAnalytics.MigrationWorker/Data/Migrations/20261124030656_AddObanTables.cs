using GscAnalytics.MigrationWorker.Oban;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GscAnalytics.MigrationWorker.Data.Migrations
{
    /// <summary>The Phoenix app's <c>add_oban_tables</c> migration: Oban's schema at version 12, as <c>Oban.Migration.up(version: 12)</c>.</summary>
    public partial class AddObanTables : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.UpOban(new ObanMigrationOptions { Version = 12 });
        }

        /// <summary>
        /// All the way back, as Oban's <c>down(version: 1)</c>; <c>down(version: 12)</c>
        /// would undo only version 12.
        /// </summary>
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DownOban(new ObanMigrationOptions { Version = 1 });
        }
    }
}
