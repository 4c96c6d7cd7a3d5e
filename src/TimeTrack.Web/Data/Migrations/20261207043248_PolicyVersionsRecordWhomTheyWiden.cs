using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TimeTrack.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class PolicyVersionsRecordWhomTheyWiden : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Drafts and version 1 widen for nobody. Versions published before this column existed
            // were published under the rule that everyone acknowledges a new version: they keep it,
            // so nobody who has yet to acknowledge one is let through without reading it. The owner
            // is subject to forced row-level security, so it is lifted for the update.
            migrationBuilder.AddColumn<string>(
                name: "widening",
                table: "policy_versions",
                type: "jsonb",
                nullable: false,
                defaultValue: "{\"everyone\":false,\"teamIds\":[]}");
            migrationBuilder.Sql("ALTER TABLE policy_versions NO FORCE ROW LEVEL SECURITY;");
            migrationBuilder.Sql("""UPDATE policy_versions SET widening = '{"everyone":true,"teamIds":[]}' WHERE number > 1;""");
            migrationBuilder.Sql("ALTER TABLE policy_versions FORCE ROW LEVEL SECURITY;");
            migrationBuilder.Sql("ALTER TABLE policy_versions ALTER COLUMN widening DROP DEFAULT;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "widening",
                table: "policy_versions");
        }
    }
}
