using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace TimeTrack.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class RemindersLanguageDaysAhead : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "culture",
                table: "users",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "tracking_maximum_days_in_future",
                table: "organizations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "idle_reminder_minutes",
                table: "memberships",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<LocalDate>(
                name: "nothing_logged_reminded_on",
                table: "memberships",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "remind_nothing_logged",
                table: "memberships",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "culture",
                table: "users");

            migrationBuilder.DropColumn(
                name: "tracking_maximum_days_in_future",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "idle_reminder_minutes",
                table: "memberships");

            migrationBuilder.DropColumn(
                name: "nothing_logged_reminded_on",
                table: "memberships");

            migrationBuilder.DropColumn(
                name: "remind_nothing_logged",
                table: "memberships");
        }
    }
}
