using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace TimeTrack.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class WeeklyDigestsAndEmailOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "digests",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    week_start = table.Column<LocalDate>(type: "date", nullable: false),
                    week_ended_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    content = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    embargo_ends_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    released_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    reflection = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    reflection_shared = table.Column<bool>(type: "boolean", nullable: false),
                    support_request = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    support_requested_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    support_acknowledged_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    support_acknowledged_by = table.Column<Guid>(type: "uuid", nullable: true),
                    support_response = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_digests", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_digests_memberships_tenant_id_user_id",
                        columns: x => new { x.tenant_id, x.user_id },
                        principalTable: "memberships",
                        principalColumns: new[] { "tenant_id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "outgoing_emails",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    to = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    text_body = table.Column<string>(type: "text", nullable: false),
                    not_before = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    claimed_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    sent_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outgoing_emails", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_outgoing_emails_memberships_tenant_id_user_id",
                        columns: x => new { x.tenant_id, x.user_id },
                        principalTable: "memberships",
                        principalColumns: new[] { "tenant_id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_digests_tenant_id_support_requested_at",
                table: "digests",
                columns: new[] { "tenant_id", "support_requested_at" },
                filter: "support_request IS NOT NULL AND support_acknowledged_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ux_digests_person_week",
                table: "digests",
                columns: new[] { "tenant_id", "user_id", "week_start" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outgoing_emails_tenant_id_key",
                table: "outgoing_emails",
                columns: new[] { "tenant_id", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outgoing_emails_tenant_id_not_before",
                table: "outgoing_emails",
                columns: new[] { "tenant_id", "not_before" },
                filter: "sent_at IS NULL AND claimed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outgoing_emails_tenant_id_user_id",
                table: "outgoing_emails",
                columns: new[] { "tenant_id", "user_id" });

            migrationBuilder.EnableTenantIsolation("digests");
            migrationBuilder.EnableTenantIsolation("outgoing_emails");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "digests");

            migrationBuilder.DropTable(
                name: "outgoing_emails");
        }
    }
}
