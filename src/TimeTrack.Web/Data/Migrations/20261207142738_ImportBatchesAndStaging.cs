using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace TimeTrack.Web.Data.Migrations
{
    /// <summary>
    /// Imports (ADR 020): <c>import_batches</c> and the uploaded file in <c>import_file_chunks</c>, the
    /// dry run's <c>import_staged_entries</c>, and <c>time_entries.import_key</c>, unique per person, so
    /// importing the same rows again adds nothing.
    /// </summary>
    public partial class ImportBatchesAndStaging : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "import_key",
                table: "time_entries",
                type: "character varying(80)",
                maxLength: 80,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "import_batches",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scope = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    file_name = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    format_name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    mappings = table.Column<string>(type: "jsonb", nullable: false),
                    bytes_read = table.Column<long>(type: "bigint", nullable: false),
                    rows_read = table.Column<int>(type: "integer", nullable: false),
                    rejected_rows = table.Column<int>(type: "integer", nullable: false),
                    to_import = table.Column<int>(type: "integer", nullable: false),
                    already_imported = table.Column<int>(type: "integer", nullable: false),
                    imported = table.Column<int>(type: "integer", nullable: false),
                    cancel_requested = table.Column<bool>(type: "boolean", nullable: false),
                    message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_batches", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_import_batches_memberships_tenant_id_user_id",
                        columns: x => new { x.tenant_id, x.user_id },
                        principalTable: "memberships",
                        principalColumns: new[] { "tenant_id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "import_file_chunks",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    batch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    data = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_file_chunks", x => new { x.tenant_id, x.batch_id, x.sequence });
                    table.ForeignKey(
                        name: "fk_import_file_chunks_import_batches_tenant_id_batch_id",
                        columns: x => new { x.tenant_id, x.batch_id },
                        principalTable: "import_batches",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ux_time_entries_import_key",
                table: "time_entries",
                columns: new[] { "tenant_id", "user_id", "import_key" },
                unique: true,
                filter: "import_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_import_batches_tenant_id_user_id_created_at",
                table: "import_batches",
                columns: new[] { "tenant_id", "user_id", "created_at" });

            migrationBuilder.EnableTenantIsolation("import_batches");
            migrationBuilder.EnableTenantIsolation("import_file_chunks");

            // The dry run's rows: written by binary COPY and read by set-based SQL only (ADR 020), so the
            // table is not part of the EF model. Rows live from the dry run to confirmation or cancel.
            migrationBuilder.Sql("""
                CREATE TABLE import_staged_entries (
                    tenant_id uuid NOT NULL,
                    batch_id uuid NOT NULL,
                    line integer NOT NULL,
                    entry_id uuid NOT NULL,
                    user_id uuid,
                    project_id uuid,
                    project_is_new boolean NOT NULL DEFAULT false,
                    task_id uuid,
                    description text,
                    is_billable boolean,
                    start_at timestamptz,
                    end_at timestamptz,
                    day date,
                    day_milliseconds bigint[],
                    is_outside_hours boolean NOT NULL DEFAULT false,
                    no_overlap boolean NOT NULL DEFAULT false,
                    fingerprint text,
                    tag_ids uuid[],
                    problem text,
                    import_key text,
                    check_problem text,
                    already_imported boolean NOT NULL DEFAULT false,
                    CONSTRAINT pk_import_staged_entries PRIMARY KEY (tenant_id, batch_id, line),
                    CONSTRAINT fk_import_staged_entries_import_batches FOREIGN KEY (tenant_id, batch_id)
                        REFERENCES import_batches (tenant_id, id) ON DELETE CASCADE
                );
                CREATE INDEX ix_import_staged_entries_person_start ON import_staged_entries (tenant_id, batch_id, user_id, start_at);
                """);
            migrationBuilder.EnableTenantIsolation("import_staged_entries");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE import_staged_entries;");

            migrationBuilder.DropTable(
                name: "import_file_chunks");

            migrationBuilder.DropTable(
                name: "import_batches");

            migrationBuilder.DropIndex(
                name: "ux_time_entries_import_key",
                table: "time_entries");

            migrationBuilder.DropColumn(
                name: "import_key",
                table: "time_entries");
        }
    }
}
