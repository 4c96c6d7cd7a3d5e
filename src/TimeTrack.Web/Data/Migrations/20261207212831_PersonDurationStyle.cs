using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TimeTrack.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class PersonDurationStyle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "duration_style",
                table: "users",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "HoursMinutes");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "duration_style",
                table: "users");
        }
    }
}
