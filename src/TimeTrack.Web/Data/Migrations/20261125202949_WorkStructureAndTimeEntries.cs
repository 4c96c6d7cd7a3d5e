using System;
using Microsoft.EntityFrameworkCore.Migrations;
using TimeTrack.Web.Data;
using NodaTime;

#nullable disable

namespace TimeTrack.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class WorkStructureAndTimeEntries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "client_id",
                table: "projects",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "tracking_maximum_days_in_past",
                table: "organizations",
                type: "integer",
                nullable: false,
                defaultValue: 366);

            migrationBuilder.AddColumn<string>(
                name: "tracking_overlaps",
                table: "organizations",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Rejected");

            migrationBuilder.AddColumn<LocalTime>(
                name: "tracking_workday_end",
                table: "organizations",
                type: "time",
                nullable: false,
                defaultValue: new NodaTime.LocalTime(18, 0));

            migrationBuilder.AddColumn<LocalTime>(
                name: "tracking_workday_start",
                table: "organizations",
                type: "time",
                nullable: false,
                defaultValue: new NodaTime.LocalTime(8, 0));

            migrationBuilder.AddColumn<int>(
                name: "tracking_working_days",
                table: "organizations",
                type: "integer",
                nullable: false,
                defaultValue: 31);

            migrationBuilder.AddColumn<LocalTime>(
                name: "workday_end",
                table: "memberships",
                type: "time",
                nullable: true);

            migrationBuilder.AddColumn<LocalTime>(
                name: "workday_start",
                table: "memberships",
                type: "time",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "working_days",
                table: "memberships",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "clients",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    is_archived = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clients", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_clients_organizations_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "locked_periods",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    week_start = table.Column<LocalDate>(type: "date", nullable: false),
                    start_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    end_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    locked_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    locked_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_locked_periods", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_locked_periods_end_after_start", "end_at > start_at");
                    table.ForeignKey(
                        name: "fk_locked_periods_memberships_tenant_id_user_id",
                        columns: x => new { x.tenant_id, x.user_id },
                        principalTable: "memberships",
                        principalColumns: new[] { "tenant_id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "outcomes",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    due_date = table.Column<LocalDate>(type: "date", nullable: true),
                    owner_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    completed_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outcomes", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_outcomes_memberships_tenant_id_owner_user_id",
                        columns: x => new { x.tenant_id, x.owner_user_id },
                        principalTable: "memberships",
                        principalColumns: new[] { "tenant_id", "user_id" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_outcomes_projects_tenant_id_project_id",
                        columns: x => new { x.tenant_id, x.project_id },
                        principalTable: "projects",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "personal_access_tokens",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    last_used_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_personal_access_tokens", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_personal_access_tokens_memberships_tenant_id_user_id",
                        columns: x => new { x.tenant_id, x.user_id },
                        principalTable: "memberships",
                        principalColumns: new[] { "tenant_id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "project_members",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    is_project_manager = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_project_members", x => new { x.tenant_id, x.project_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_project_members_memberships_tenant_id_user_id",
                        columns: x => new { x.tenant_id, x.user_id },
                        principalTable: "memberships",
                        principalColumns: new[] { "tenant_id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_project_members_projects_tenant_id_project_id",
                        columns: x => new { x.tenant_id, x.project_id },
                        principalTable: "projects",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tags",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tags", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_tags_organizations_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tasks",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    is_archived = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tasks", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_tasks_projects_tenant_id_project_id",
                        columns: x => new { x.tenant_id, x.project_id },
                        principalTable: "projects",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "time_entries",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    task_id = table.Column<Guid>(type: "uuid", nullable: true),
                    outcome_id = table.Column<Guid>(type: "uuid", nullable: true),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    is_billable = table.Column<bool>(type: "boolean", nullable: false),
                    start_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    end_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    is_outside_hours = table.Column<bool>(type: "boolean", nullable: false),
                    no_overlap = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_time_entries", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_time_entries_at_most_24_hours", "end_at IS NULL OR end_at - start_at <= interval '24 hours'");
                    table.CheckConstraint("ck_time_entries_end_after_start", "end_at IS NULL OR end_at > start_at");
                    table.ForeignKey(
                        name: "fk_time_entries_memberships_tenant_id_user_id",
                        columns: x => new { x.tenant_id, x.user_id },
                        principalTable: "memberships",
                        principalColumns: new[] { "tenant_id", "user_id" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_time_entries_outcomes_tenant_id_outcome_id",
                        columns: x => new { x.tenant_id, x.outcome_id },
                        principalTable: "outcomes",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_time_entries_projects_tenant_id_project_id",
                        columns: x => new { x.tenant_id, x.project_id },
                        principalTable: "projects",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_time_entries_tasks_tenant_id_task_id",
                        columns: x => new { x.tenant_id, x.task_id },
                        principalTable: "tasks",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "time_entry_tags",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    time_entry_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tag_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_time_entry_tags", x => new { x.tenant_id, x.time_entry_id, x.tag_id });
                    table.ForeignKey(
                        name: "fk_time_entry_tags_tags_tenant_id_tag_id",
                        columns: x => new { x.tenant_id, x.tag_id },
                        principalTable: "tags",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_time_entry_tags_time_entries_tenant_id_time_entry_id",
                        columns: x => new { x.tenant_id, x.time_entry_id },
                        principalTable: "time_entries",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_projects_tenant_id_client_id",
                table: "projects",
                columns: new[] { "tenant_id", "client_id" });

            migrationBuilder.CreateIndex(
                name: "ix_clients_tenant_id_name",
                table: "clients",
                columns: new[] { "tenant_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_locked_periods_tenant_id_user_id_start_at",
                table: "locked_periods",
                columns: new[] { "tenant_id", "user_id", "start_at" });

            migrationBuilder.CreateIndex(
                name: "ix_locked_periods_tenant_id_user_id_week_start",
                table: "locked_periods",
                columns: new[] { "tenant_id", "user_id", "week_start" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outcomes_tenant_id_owner_user_id",
                table: "outcomes",
                columns: new[] { "tenant_id", "owner_user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_outcomes_tenant_id_project_id_status",
                table: "outcomes",
                columns: new[] { "tenant_id", "project_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_personal_access_tokens_tenant_id_token_hash",
                table: "personal_access_tokens",
                columns: new[] { "tenant_id", "token_hash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_personal_access_tokens_tenant_id_user_id",
                table: "personal_access_tokens",
                columns: new[] { "tenant_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_project_members_tenant_id_user_id",
                table: "project_members",
                columns: new[] { "tenant_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_tags_tenant_id_name",
                table: "tags",
                columns: new[] { "tenant_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tasks_tenant_id_project_id_name",
                table: "tasks",
                columns: new[] { "tenant_id", "project_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_time_entries_tenant_id_outcome_id",
                table: "time_entries",
                columns: new[] { "tenant_id", "outcome_id" });

            migrationBuilder.CreateIndex(
                name: "ix_time_entries_tenant_id_project_id_start_at",
                table: "time_entries",
                columns: new[] { "tenant_id", "project_id", "start_at" });

            migrationBuilder.CreateIndex(
                name: "ix_time_entries_tenant_id_task_id",
                table: "time_entries",
                columns: new[] { "tenant_id", "task_id" });

            migrationBuilder.CreateIndex(
                name: "ix_time_entries_tenant_id_user_id_start_at",
                table: "time_entries",
                columns: new[] { "tenant_id", "user_id", "start_at" });

            migrationBuilder.CreateIndex(
                name: "ux_time_entries_one_running_timer",
                table: "time_entries",
                columns: new[] { "tenant_id", "user_id" },
                unique: true,
                filter: "end_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_time_entry_tags_tenant_id_tag_id",
                table: "time_entry_tags",
                columns: new[] { "tenant_id", "tag_id" });

            migrationBuilder.AddForeignKey(
                name: "fk_projects_clients_tenant_id_client_id",
                table: "projects",
                columns: new[] { "tenant_id", "client_id" },
                principalTable: "clients",
                principalColumns: new[] { "tenant_id", "id" },
                onDelete: ReferentialAction.Restrict);

            foreach (var table in new[] { "clients", "project_members", "tasks", "tags", "outcomes", "time_entries", "time_entry_tags", "locked_periods", "personal_access_tokens" })
            {
                migrationBuilder.EnableTenantIsolation(table);
            }

            // When an organization rejects overlaps, entries saved then carry no_overlap = true and the
            // database refuses two such entries of one person whose [start, end) ranges intersect — so
            // concurrent saves cannot slip past the application's check. A running timer's range is open-ended.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS btree_gist;");
            migrationBuilder.Sql(
                "ALTER TABLE time_entries ADD CONSTRAINT ex_time_entries_no_overlap EXCLUDE USING gist " +
                "(tenant_id WITH =, user_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&) WHERE (no_overlap);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_projects_clients_tenant_id_client_id",
                table: "projects");

            migrationBuilder.DropTable(
                name: "clients");

            migrationBuilder.DropTable(
                name: "locked_periods");

            migrationBuilder.DropTable(
                name: "personal_access_tokens");

            migrationBuilder.DropTable(
                name: "project_members");

            migrationBuilder.DropTable(
                name: "time_entry_tags");

            migrationBuilder.DropTable(
                name: "tags");

            migrationBuilder.DropTable(
                name: "time_entries");

            migrationBuilder.DropTable(
                name: "outcomes");

            migrationBuilder.DropTable(
                name: "tasks");

            migrationBuilder.DropIndex(
                name: "ix_projects_tenant_id_client_id",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "client_id",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "tracking_maximum_days_in_past",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "tracking_overlaps",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "tracking_workday_end",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "tracking_workday_start",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "tracking_working_days",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "workday_end",
                table: "memberships");

            migrationBuilder.DropColumn(
                name: "workday_start",
                table: "memberships");

            migrationBuilder.DropColumn(
                name: "working_days",
                table: "memberships");
        }
    }
}
