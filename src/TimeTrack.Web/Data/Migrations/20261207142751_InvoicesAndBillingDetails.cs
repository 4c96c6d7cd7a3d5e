using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace TimeTrack.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class InvoicesAndBillingDetails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "invoice_id",
                table: "time_entries",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "billing_address",
                table: "clients",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "billing_email",
                table: "clients",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "tax_number",
                table: "clients",
                type: "character varying(60)",
                maxLength: 60,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "billing_profiles",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    legal_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    address = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    tax_number = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    payment_terms_days = table.Column<int>(type: "integer", nullable: false),
                    default_tax_rate = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_billing_profiles", x => x.tenant_id);
                    table.CheckConstraint("ck_billing_profiles_terms", "payment_terms_days >= 0 AND payment_terms_days <= 365");
                    table.ForeignKey(
                        name: "fk_billing_profiles_organizations_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "invoice_counters",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    last_number = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoice_counters", x => new { x.tenant_id, x.year });
                    table.CheckConstraint("ck_invoice_counters_positive", "last_number > 0");
                    table.ForeignKey(
                        name: "fk_invoice_counters_organizations_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "invoices",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    first_month = table.Column<LocalDate>(type: "date", nullable: false),
                    last_month = table.Column<LocalDate>(type: "date", nullable: false),
                    grouping = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    number = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    number_year = table.Column<int>(type: "integer", nullable: true),
                    number_sequence = table.Column<int>(type: "integer", nullable: true),
                    issue_date = table.Column<LocalDate>(type: "date", nullable: false),
                    due_date = table.Column<LocalDate>(type: "date", nullable: false),
                    notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    issuer_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    issuer_address = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    issuer_tax_number = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    payment_terms_days = table.Column<int>(type: "integer", nullable: false),
                    client_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    client_address = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    client_tax_number = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    issued_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    issued_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    paid_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    paid_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    voided_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    voided_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    void_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoices", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_invoices_months_in_order", "last_month >= first_month");
                    table.CheckConstraint("ck_invoices_number_unless_draft", "(status = 'Draft') = (number IS NULL)");
                    table.CheckConstraint("ck_invoices_void_has_reason", "status <> 'Void' OR (void_reason IS NOT NULL AND void_reason <> '')");
                    table.ForeignKey(
                        name: "fk_invoices_clients_tenant_id_client_id",
                        columns: x => new { x.tenant_id, x.client_id },
                        principalTable: "clients",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "invoice_lines",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    invoice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    outcome_id = table.Column<Guid>(type: "uuid", nullable: true),
                    duration_ms = table.Column<long>(type: "bigint", nullable: false),
                    hourly_rate = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    tax_rate = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoice_lines", x => new { x.tenant_id, x.invoice_id, x.position });
                    table.CheckConstraint("ck_invoice_lines_tax_rate", "tax_rate >= 0 AND tax_rate <= 100");
                    table.ForeignKey(
                        name: "fk_invoice_lines_invoices_tenant_id_invoice_id",
                        columns: x => new { x.tenant_id, x.invoice_id },
                        principalTable: "invoices",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "invoice_months",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    month = table.Column<LocalDate>(type: "date", nullable: false),
                    invoice_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoice_months", x => new { x.tenant_id, x.client_id, x.month });
                    table.ForeignKey(
                        name: "fk_invoice_months_invoices_tenant_id_invoice_id",
                        columns: x => new { x.tenant_id, x.invoice_id },
                        principalTable: "invoices",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.EnableTenantIsolation("billing_profiles");
            migrationBuilder.EnableTenantIsolation("invoice_counters");
            migrationBuilder.EnableTenantIsolation("invoices");
            migrationBuilder.EnableTenantIsolation("invoice_lines");
            migrationBuilder.EnableTenantIsolation("invoice_months");

            migrationBuilder.CreateIndex(
                name: "ix_time_entries_tenant_id_invoice_id",
                table: "time_entries",
                columns: new[] { "tenant_id", "invoice_id" },
                filter: "invoice_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_invoice_months_tenant_id_invoice_id",
                table: "invoice_months",
                columns: new[] { "tenant_id", "invoice_id" });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_tenant_id_client_id_first_month",
                table: "invoices",
                columns: new[] { "tenant_id", "client_id", "first_month" });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_tenant_id_number_year_number_sequence",
                table: "invoices",
                columns: new[] { "tenant_id", "number_year", "number_sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_invoices_number",
                table: "invoices",
                columns: new[] { "tenant_id", "number" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_time_entries_invoices_tenant_id_invoice_id",
                table: "time_entries",
                columns: new[] { "tenant_id", "invoice_id" },
                principalTable: "invoices",
                principalColumns: new[] { "tenant_id", "id" },
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_time_entries_invoices_tenant_id_invoice_id",
                table: "time_entries");

            migrationBuilder.DropTable(
                name: "billing_profiles");

            migrationBuilder.DropTable(
                name: "invoice_counters");

            migrationBuilder.DropTable(
                name: "invoice_lines");

            migrationBuilder.DropTable(
                name: "invoice_months");

            migrationBuilder.DropTable(
                name: "invoices");

            migrationBuilder.DropIndex(
                name: "ix_time_entries_tenant_id_invoice_id",
                table: "time_entries");

            migrationBuilder.DropColumn(
                name: "invoice_id",
                table: "time_entries");

            migrationBuilder.DropColumn(
                name: "billing_address",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "billing_email",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "tax_number",
                table: "clients");
        }
    }
}
