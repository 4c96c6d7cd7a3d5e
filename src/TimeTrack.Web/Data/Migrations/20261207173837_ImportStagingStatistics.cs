using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TimeTrack.Web.Data.Migrations
{
    /// <summary>
    /// Import speed (ADR 020): the dry run's set-based checks are planned from the staging table's
    /// statistics, and a freshly copied batch has none until autovacuum gets round to it — planned as
    /// "about one row", a join of the batch with itself becomes a nested loop over every pair of rows.
    /// Only the table's owner may ANALYZE it (PostgreSQL 15 has no MAINTAIN privilege), so the owner
    /// offers exactly that, and nothing else, to the app role (granted by the migrator). The staged rows'
    /// import keys are worked out where they are needed instead of written to every row, so their column
    /// goes.
    /// </summary>
    public partial class ImportStagingStatistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION import_staging_analyze() RETURNS void
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
                AS $fn$ BEGIN ANALYZE import_staged_entries; END $fn$;
                REVOKE EXECUTE ON FUNCTION import_staging_analyze() FROM PUBLIC;
                ALTER TABLE import_staged_entries DROP COLUMN import_key;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE import_staged_entries ADD COLUMN import_key text;
                DROP FUNCTION IF EXISTS import_staging_analyze();
                """);
        }
    }
}
