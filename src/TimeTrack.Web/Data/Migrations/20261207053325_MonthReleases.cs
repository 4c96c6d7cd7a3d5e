using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace TimeTrack.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class MonthReleases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "month_releases",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    month = table.Column<LocalDate>(type: "date", nullable: false),
                    released_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_month_releases", x => new { x.tenant_id, x.month });
                });

            migrationBuilder.CreateTable(
                name: "released_memberships",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    month = table.Column<LocalDate>(type: "date", nullable: false),
                    group_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_released_memberships", x => new { x.tenant_id, x.month, x.group_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_released_memberships_month_releases_tenant_id_month",
                        columns: x => new { x.tenant_id, x.month },
                        principalTable: "month_releases",
                        principalColumns: new[] { "tenant_id", "month" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "released_time",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    month = table.Column<LocalDate>(type: "date", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    outcome_id = table.Column<Guid>(type: "uuid", nullable: true),
                    client_id = table.Column<Guid>(type: "uuid", nullable: true),
                    billable = table.Column<bool>(type: "boolean", nullable: false),
                    hourly_rate = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    duration_ms = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_released_time", x => new { x.tenant_id, x.month, x.id });
                    table.CheckConstraint("ck_released_time_duration_positive", "duration_ms > 0");
                    table.ForeignKey(
                        name: "fk_released_time_month_releases_tenant_id_month",
                        columns: x => new { x.tenant_id, x.month },
                        principalTable: "month_releases",
                        principalColumns: new[] { "tenant_id", "month" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.EnableTenantIsolation("month_releases");
            migrationBuilder.EnableTenantIsolation("released_memberships");
            migrationBuilder.EnableTenantIsolation("released_time");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DisableTenantIsolation("released_time");
            migrationBuilder.DisableTenantIsolation("released_memberships");
            migrationBuilder.DisableTenantIsolation("month_releases");

            migrationBuilder.DropTable(
                name: "released_memberships");

            migrationBuilder.DropTable(
                name: "released_time");

            migrationBuilder.DropTable(
                name: "month_releases");
        }
    }
}
