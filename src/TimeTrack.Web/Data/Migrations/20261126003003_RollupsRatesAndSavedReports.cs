using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace TimeTrack.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class RollupsRatesAndSavedReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<LocalDate>(
                name: "day",
                table: "time_entries",
                type: "date",
                nullable: false,
                defaultValue: new NodaTime.LocalDate(1, 1, 1));

            migrationBuilder.AddColumn<decimal>(
                name: "planned_hours",
                table: "outcomes",
                type: "numeric(8,2)",
                precision: 8,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "currency",
                table: "organizations",
                type: "character varying(3)",
                maxLength: 3,
                nullable: false,
                defaultValue: "EUR");

            migrationBuilder.CreateTable(
                name: "rates",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: true),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    effective_from = table.Column<LocalDate>(type: "date", nullable: false),
                    hourly_amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    set_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    set_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rates", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_rates_hourly_amount_not_negative", "hourly_amount >= 0");
                    table.ForeignKey(
                        name: "fk_rates_memberships_tenant_id_user_id",
                        columns: x => new { x.tenant_id, x.user_id },
                        principalTable: "memberships",
                        principalColumns: new[] { "tenant_id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_rates_projects_tenant_id_project_id",
                        columns: x => new { x.tenant_id, x.project_id },
                        principalTable: "projects",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "saved_reports",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    query = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_saved_reports", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_saved_reports_memberships_tenant_id_owner_user_id",
                        columns: x => new { x.tenant_id, x.owner_user_id },
                        principalTable: "memberships",
                        principalColumns: new[] { "tenant_id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_time_entries_tenant_id_day",
                table: "time_entries",
                columns: new[] { "tenant_id", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_rates_tenant_id_project_id_user_id_effective_from",
                table: "rates",
                columns: new[] { "tenant_id", "project_id", "user_id", "effective_from" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_rates_tenant_id_user_id",
                table: "rates",
                columns: new[] { "tenant_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_saved_reports_tenant_id_owner_user_id_name",
                table: "saved_reports",
                columns: new[] { "tenant_id", "owner_user_id", "name" },
                unique: true);

            migrationBuilder.EnableTenantIsolation("rates");
            migrationBuilder.EnableTenantIsolation("saved_reports");

            // Existing entries get their day from the person's zone (else the organization's). The
            // owner is subject to forced row-level security, so it is lifted until the rollups are filled.
            migrationBuilder.Sql("ALTER TABLE time_entries NO FORCE ROW LEVEL SECURITY;");
            migrationBuilder.Sql("""
                UPDATE time_entries e
                SET day = (e.start_at AT TIME ZONE COALESCE(u.time_zone_id, o.default_time_zone_id))::date
                FROM users u, organizations o
                WHERE u.id = e.user_id AND o.id = e.tenant_id;
                """);
            migrationBuilder.Sql("ALTER TABLE time_entries ALTER COLUMN day DROP DEFAULT;");

            migrationBuilder.Sql(RollupSql.Create);
            migrationBuilder.EnableTenantIsolation("time_rollups");
            migrationBuilder.Sql("ALTER TABLE time_rollups NO FORCE ROW LEVEL SECURITY;");
            migrationBuilder.Sql(RollupSql.FillAll);
            migrationBuilder.Sql("ALTER TABLE time_rollups FORCE ROW LEVEL SECURITY;");
            migrationBuilder.Sql("ALTER TABLE time_entries FORCE ROW LEVEL SECURITY;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(RollupSql.Drop);
            migrationBuilder.DropTable(
                name: "rates");

            migrationBuilder.DropTable(
                name: "saved_reports");

            migrationBuilder.DropIndex(
                name: "ix_time_entries_tenant_id_day",
                table: "time_entries");

            migrationBuilder.DropColumn(
                name: "day",
                table: "time_entries");

            migrationBuilder.DropColumn(
                name: "planned_hours",
                table: "outcomes");

            migrationBuilder.DropColumn(
                name: "currency",
                table: "organizations");
        }
    }
}
