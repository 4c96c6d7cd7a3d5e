using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TimeTrack.Web.Data.Migrations
{
    /// <summary>
    /// Import speed (ADR 020): the staging table is unlogged (its rows are disposable: a crash empties it
    /// and the dry run is run again), keeps each row's time zone for the messages, and the batch records
    /// when the dry run checked its rows, so the confirmation re-checks only what changed since.
    /// Neither column is part of the EF model.
    /// </summary>
    public partial class ImportStagingUnlogged : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE import_staged_entries SET UNLOGGED;
                ALTER TABLE import_staged_entries ADD COLUMN time_zone text;
                ALTER TABLE import_batches ADD COLUMN checked_at timestamptz;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE import_batches DROP COLUMN checked_at;
                ALTER TABLE import_staged_entries DROP COLUMN time_zone;
                ALTER TABLE import_staged_entries SET LOGGED;
                """);
        }
    }
}
