using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace TimeTrack.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AccessLogGroupReadsAndPeriods : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "group_size",
                table: "access_log_entries",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<LocalDate>(
                name: "period_end",
                table: "access_log_entries",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<LocalDate>(
                name: "period_start",
                table: "access_log_entries",
                type: "date",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "group_size",
                table: "access_log_entries");

            migrationBuilder.DropColumn(
                name: "period_end",
                table: "access_log_entries");

            migrationBuilder.DropColumn(
                name: "period_start",
                table: "access_log_entries");
        }
    }
}
