using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TimeTrack.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class UsersBrowserCulture : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "browser_culture",
                table: "users",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "browser_culture",
                table: "users");
        }
    }
}
