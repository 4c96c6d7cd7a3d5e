using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace TimeTrack.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class TransparencyPoliciesAccessLogAndPulse : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "link",
                table: "notices",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "access_log_entries",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    subject_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    viewer_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    categories = table.Column<string[]>(type: "text[]", nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    resource = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    export_id = table.Column<Guid>(type: "uuid", nullable: true),
                    occurred_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_access_log_entries", x => new { x.tenant_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "data_exports",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    viewer_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    description = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    included_user_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_exports", x => new { x.tenant_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "policy_versions",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: true),
                    document = table.Column<string>(type: "jsonb", nullable: false),
                    author_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    author_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    changes = table.Column<List<string>>(type: "text[]", nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    published_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    effective_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    activated_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_policy_versions", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_policy_versions_organizations_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pulse_surveys",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    introduction = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    opened_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    closed_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pulse_surveys", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_pulse_surveys_organizations_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "policy_acknowledgements",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    policy_version_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    acknowledged_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_policy_acknowledgements", x => new { x.tenant_id, x.policy_version_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_policy_acknowledgements_memberships_tenant_id_user_id",
                        columns: x => new { x.tenant_id, x.user_id },
                        principalTable: "memberships",
                        principalColumns: new[] { "tenant_id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_policy_acknowledgements_policy_versions_tenant_id_policy_ve",
                        columns: x => new { x.tenant_id, x.policy_version_id },
                        principalTable: "policy_versions",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pulse_participations",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    survey_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pulse_participations", x => new { x.tenant_id, x.survey_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_pulse_participations_memberships_tenant_id_user_id",
                        columns: x => new { x.tenant_id, x.user_id },
                        principalTable: "memberships",
                        principalColumns: new[] { "tenant_id", "user_id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_pulse_participations_pulse_surveys_tenant_id_survey_id",
                        columns: x => new { x.tenant_id, x.survey_id },
                        principalTable: "pulse_surveys",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pulse_questions",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    survey_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pulse_questions", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_pulse_questions_pulse_surveys_tenant_id_survey_id",
                        columns: x => new { x.tenant_id, x.survey_id },
                        principalTable: "pulse_surveys",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pulse_answers",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    survey_id = table.Column<Guid>(type: "uuid", nullable: false),
                    question_id = table.Column<Guid>(type: "uuid", nullable: false),
                    score = table.Column<int>(type: "integer", nullable: true),
                    text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pulse_answers", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_pulse_answers_score", "score IS NULL OR score BETWEEN 1 AND 5");
                    table.ForeignKey(
                        name: "fk_pulse_answers_pulse_questions_tenant_id_question_id",
                        columns: x => new { x.tenant_id, x.question_id },
                        principalTable: "pulse_questions",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_pulse_answers_pulse_surveys_tenant_id_survey_id",
                        columns: x => new { x.tenant_id, x.survey_id },
                        principalTable: "pulse_surveys",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_access_log_entries_tenant_id_subject_user_id_occurred_at",
                table: "access_log_entries",
                columns: new[] { "tenant_id", "subject_user_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_access_log_entries_tenant_id_viewer_user_id_occurred_at",
                table: "access_log_entries",
                columns: new[] { "tenant_id", "viewer_user_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_data_exports_tenant_id_viewer_user_id_created_at",
                table: "data_exports",
                columns: new[] { "tenant_id", "viewer_user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_policy_acknowledgements_tenant_id_user_id",
                table: "policy_acknowledgements",
                columns: new[] { "tenant_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_policy_versions_tenant_id_number",
                table: "policy_versions",
                columns: new[] { "tenant_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_policy_versions_one_draft",
                table: "policy_versions",
                column: "tenant_id",
                unique: true,
                filter: "number IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_pulse_answers_tenant_id_question_id",
                table: "pulse_answers",
                columns: new[] { "tenant_id", "question_id" });

            migrationBuilder.CreateIndex(
                name: "ix_pulse_answers_tenant_id_survey_id_question_id",
                table: "pulse_answers",
                columns: new[] { "tenant_id", "survey_id", "question_id" });

            migrationBuilder.CreateIndex(
                name: "ix_pulse_participations_tenant_id_user_id",
                table: "pulse_participations",
                columns: new[] { "tenant_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_pulse_questions_tenant_id_survey_id_position",
                table: "pulse_questions",
                columns: new[] { "tenant_id", "survey_id", "position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pulse_surveys_tenant_id_opened_at",
                table: "pulse_surveys",
                columns: new[] { "tenant_id", "opened_at" });

            migrationBuilder.EnableTenantIsolation("policy_versions");
            migrationBuilder.EnableTenantIsolation("policy_acknowledgements");
            migrationBuilder.EnableTenantIsolation("access_log_entries");
            migrationBuilder.EnableTenantIsolation("data_exports");
            migrationBuilder.EnableTenantIsolation("pulse_surveys");
            migrationBuilder.EnableTenantIsolation("pulse_questions");
            migrationBuilder.EnableTenantIsolation("pulse_participations");
            migrationBuilder.EnableTenantIsolation("pulse_answers");

            // The access log and the export register are append-only for everyone, owner included:
            // the app role is also refused UPDATE and DELETE by grants (DatabaseMigrator), and this
            // trigger makes the rule hold even for a role that has the privilege.
            migrationBuilder.Sql("""
                CREATE FUNCTION reject_change_of_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
                        USING ERRCODE = 'insufficient_privilege';
                END;
                $$;
                CREATE TRIGGER access_log_entries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON access_log_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION reject_change_of_append_only();
                CREATE TRIGGER data_exports_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON data_exports
                    FOR EACH STATEMENT EXECUTE FUNCTION reject_change_of_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS access_log_entries_append_only ON access_log_entries;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS data_exports_append_only ON data_exports;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS reject_change_of_append_only();");
            migrationBuilder.DropTable(
                name: "access_log_entries");

            migrationBuilder.DropTable(
                name: "data_exports");

            migrationBuilder.DropTable(
                name: "policy_acknowledgements");

            migrationBuilder.DropTable(
                name: "pulse_answers");

            migrationBuilder.DropTable(
                name: "pulse_participations");

            migrationBuilder.DropTable(
                name: "policy_versions");

            migrationBuilder.DropTable(
                name: "pulse_questions");

            migrationBuilder.DropTable(
                name: "pulse_surveys");

            migrationBuilder.DropColumn(
                name: "link",
                table: "notices");
        }
    }
}
