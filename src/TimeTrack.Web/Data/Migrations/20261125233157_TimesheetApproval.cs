using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace TimeTrack.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class TimesheetApproval : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "week_submissions",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    week_start = table.Column<LocalDate>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    submitted_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    decided_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    decided_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    approved_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_week_submissions", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_week_submissions_memberships_tenant_id_user_id",
                        columns: x => new { x.tenant_id, x.user_id },
                        principalTable: "memberships",
                        principalColumns: new[] { "tenant_id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "week_submission_events",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    submission_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    actor_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    occurred_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_week_submission_events", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_week_submission_events_week_submissions_tenant_id_submissio",
                        columns: x => new { x.tenant_id, x.submission_id },
                        principalTable: "week_submissions",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_week_submission_events_tenant_id_submission_id_occurred_at",
                table: "week_submission_events",
                columns: new[] { "tenant_id", "submission_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_week_submissions_tenant_id_status_week_start",
                table: "week_submissions",
                columns: new[] { "tenant_id", "status", "week_start" });

            migrationBuilder.CreateIndex(
                name: "ix_week_submissions_tenant_id_user_id_week_start",
                table: "week_submissions",
                columns: new[] { "tenant_id", "user_id", "week_start" },
                unique: true);

            migrationBuilder.EnableTenantIsolation("week_submissions");
            migrationBuilder.EnableTenantIsolation("week_submission_events");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "week_submission_events");

            migrationBuilder.DropTable(
                name: "week_submissions");
        }
    }
}
