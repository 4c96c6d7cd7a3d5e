using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace TimeTrack.Web.Data.Migrations
{
    /// <summary>
    /// A team has any number of managers (<c>team_managers</c>, which takes over each team's one
    /// <c>manager_user_id</c>) and may be archived (<c>archived_at</c>); names are unique among active teams.
    /// </summary>
    public partial class TeamManagersAndArchivedTeams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Instant>(
                name: "archived_at",
                table: "teams",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "team_managers",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    team_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_team_managers", x => new { x.tenant_id, x.team_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_team_managers_memberships_tenant_id_user_id",
                        columns: x => new { x.tenant_id, x.user_id },
                        principalTable: "memberships",
                        principalColumns: new[] { "tenant_id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_team_managers_teams_tenant_id_team_id",
                        columns: x => new { x.tenant_id, x.team_id },
                        principalTable: "teams",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_team_managers_tenant_id_user_id",
                table: "team_managers",
                columns: new[] { "tenant_id", "user_id" });

            // Every organization's manager moves across at once: the owner reads all tenants' teams while
            // row-level security is not forced on it, and the new table is isolated only once it is filled.
            migrationBuilder.Sql("ALTER TABLE teams NO FORCE ROW LEVEL SECURITY;");
            migrationBuilder.Sql(
                """
                INSERT INTO team_managers (tenant_id, team_id, user_id)
                SELECT tenant_id, id, manager_user_id FROM teams WHERE manager_user_id IS NOT NULL;
                """);
            migrationBuilder.Sql("ALTER TABLE teams FORCE ROW LEVEL SECURITY;");
            migrationBuilder.EnableTenantIsolation("team_managers");

            migrationBuilder.DropForeignKey(
                name: "fk_teams_memberships_tenant_id_manager_user_id",
                table: "teams");

            migrationBuilder.DropIndex(
                name: "ix_teams_tenant_id_manager_user_id",
                table: "teams");

            migrationBuilder.DropColumn(
                name: "manager_user_id",
                table: "teams");

            migrationBuilder.DropIndex(
                name: "ix_teams_tenant_id_name",
                table: "teams");

            migrationBuilder.CreateIndex(
                name: "ix_teams_tenant_id_name",
                table: "teams",
                columns: new[] { "tenant_id", "name" },
                unique: true,
                filter: "archived_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "manager_user_id",
                table: "teams",
                type: "uuid",
                nullable: true);

            // One manager per team can go back: the first by id. Archived teams that share a name with
            // another team are renamed, so that names are unique among all teams again.
            migrationBuilder.Sql("ALTER TABLE teams NO FORCE ROW LEVEL SECURITY;");
            migrationBuilder.Sql("ALTER TABLE team_managers NO FORCE ROW LEVEL SECURITY;");
            migrationBuilder.Sql(
                """
                UPDATE teams t SET manager_user_id = (
                    SELECT min(m.user_id::text)::uuid FROM team_managers m WHERE m.tenant_id = t.tenant_id AND m.team_id = t.id);
                UPDATE teams t SET name = left(t.name, 100) || ' (archived ' || left(t.id::text, 8) || ')'
                WHERE t.archived_at IS NOT NULL
                  AND EXISTS (SELECT 1 FROM teams o WHERE o.tenant_id = t.tenant_id AND o.name = t.name AND o.id <> t.id);
                """);
            migrationBuilder.Sql("ALTER TABLE teams FORCE ROW LEVEL SECURITY;");
            migrationBuilder.DisableTenantIsolation("team_managers");

            migrationBuilder.DropTable(
                name: "team_managers");

            migrationBuilder.DropIndex(
                name: "ix_teams_tenant_id_name",
                table: "teams");

            migrationBuilder.DropColumn(
                name: "archived_at",
                table: "teams");

            migrationBuilder.CreateIndex(
                name: "ix_teams_tenant_id_manager_user_id",
                table: "teams",
                columns: new[] { "tenant_id", "manager_user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_teams_tenant_id_name",
                table: "teams",
                columns: new[] { "tenant_id", "name" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_teams_memberships_tenant_id_manager_user_id",
                table: "teams",
                columns: new[] { "tenant_id", "manager_user_id" },
                principalTable: "memberships",
                principalColumns: new[] { "tenant_id", "user_id" },
                onDelete: ReferentialAction.Restrict);
        }
    }
}
