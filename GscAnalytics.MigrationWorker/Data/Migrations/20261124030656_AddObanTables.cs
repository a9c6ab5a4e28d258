using GscAnalytics.MigrationWorker.Oban;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GscAnalytics.MigrationWorker.Data.Migrations
{
    /// <summary>The seed's <c>AddObanTables</c>: Oban's schema at version 12.</summary>
    public partial class AddObanTables : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.UpOban(new ObanMigrationOptions { Version = 12 });
        }

        /// <summary>
        /// All the way back, as Oban's <c>down(version: 1)</c>; the seed's <c>down(version: 12)</c>
        /// would undo only version 12.
        /// </summary>
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DownOban(new ObanMigrationOptions { Version = 1 });
        }
    }
}
