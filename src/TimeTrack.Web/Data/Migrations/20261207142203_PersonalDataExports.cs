using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace TimeTrack.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class PersonalDataExports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "personal_data_exports",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    requested_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    ready_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    expires_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    size = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_personal_data_exports", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_personal_data_exports_memberships_tenant_id_user_id",
                        columns: x => new { x.tenant_id, x.user_id },
                        principalTable: "memberships",
                        principalColumns: new[] { "tenant_id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "personal_data_export_files",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    export_id = table.Column<Guid>(type: "uuid", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_personal_data_export_files", x => new { x.tenant_id, x.export_id });
                    table.ForeignKey(
                        name: "fk_personal_data_export_files_personal_data_exports_tenant_id_",
                        columns: x => new { x.tenant_id, x.export_id },
                        principalTable: "personal_data_exports",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_personal_data_exports_tenant_id_expires_at",
                table: "personal_data_exports",
                columns: new[] { "tenant_id", "expires_at" });

            migrationBuilder.CreateIndex(
                name: "ix_personal_data_exports_tenant_id_user_id_requested_at",
                table: "personal_data_exports",
                columns: new[] { "tenant_id", "user_id", "requested_at" });

            migrationBuilder.CreateIndex(
                name: "ux_personal_data_exports_one_preparing",
                table: "personal_data_exports",
                columns: new[] { "tenant_id", "user_id" },
                unique: true,
                filter: "status = 'Preparing'");

            migrationBuilder.EnableTenantIsolation("personal_data_exports");
            migrationBuilder.EnableTenantIsolation("personal_data_export_files");

            // A ZIP is compressed already: stored out of line without PostgreSQL compressing it again.
            migrationBuilder.Sql("ALTER TABLE personal_data_export_files ALTER COLUMN content SET STORAGE EXTERNAL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DisableTenantIsolation("personal_data_export_files");
            migrationBuilder.DisableTenantIsolation("personal_data_exports");

            migrationBuilder.DropTable(
                name: "personal_data_export_files");

            migrationBuilder.DropTable(
                name: "personal_data_exports");
        }
    }
}
