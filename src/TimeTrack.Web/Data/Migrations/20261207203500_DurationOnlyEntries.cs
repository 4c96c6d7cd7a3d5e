using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TimeTrack.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class DurationOnlyEntries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "is_duration_only",
                table: "time_entries",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Time typed in the timesheet was given invented clock times (after the day's last entry, or
            // from 09:00) and so could count as outside working hours. It becomes what it was typed as:
            // time on its day without clock times. The owner is subject to forced row-level security, so
            // it is lifted for this update; the rollup trigger moves the time out of outside hours.
            migrationBuilder.Sql("ALTER TABLE time_entries NO FORCE ROW LEVEL SECURITY;");
            migrationBuilder.Sql("ALTER TABLE time_rollups NO FORCE ROW LEVEL SECURITY;");
            migrationBuilder.Sql("""
                UPDATE time_entries
                SET is_duration_only = true, is_outside_hours = false, no_overlap = false
                WHERE source = 'Timesheet' AND end_at IS NOT NULL;
                """);
            migrationBuilder.Sql("ALTER TABLE time_rollups FORCE ROW LEVEL SECURITY;");
            migrationBuilder.Sql("ALTER TABLE time_entries FORCE ROW LEVEL SECURITY;");

            // Imported rows of a day and hours (Harvest) are duration-only too.
            migrationBuilder.Sql("ALTER TABLE import_staged_entries ADD COLUMN is_duration_only boolean NOT NULL DEFAULT false;");

            migrationBuilder.AddCheckConstraint(
                name: "ck_time_entries_duration_only_has_no_clock",
                table: "time_entries",
                sql: "NOT is_duration_only OR (end_at IS NOT NULL AND NOT is_outside_hours AND NOT no_overlap)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE import_staged_entries DROP COLUMN is_duration_only;");

            migrationBuilder.DropCheckConstraint(
                name: "ck_time_entries_duration_only_has_no_clock",
                table: "time_entries");

            migrationBuilder.DropColumn(
                name: "is_duration_only",
                table: "time_entries");
        }
    }
}
