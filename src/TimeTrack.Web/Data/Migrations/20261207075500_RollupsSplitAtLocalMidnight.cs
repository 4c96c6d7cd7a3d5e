using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TimeTrack.Web.Data.Migrations
{
    /// <summary>
    /// ADR 014: time counts on each local day it touches. Every entry keeps its day split
    /// (<c>day_milliseconds</c>); the rollups are kept and rebuilt from those splits. Existing entries are
    /// split once here, in their person's zone now (their own, else the organization's), with
    /// PostgreSQL's zone rules; from now on the split is made in C# when an entry is saved. Released
    /// months (<c>released_time</c>) are not touched: they keep the figures they were released with.
    /// </summary>
    public partial class RollupsSplitAtLocalMidnight : Migration
    {
        /// <summary>
        /// Each finished entry's milliseconds on every local date from its start to its end: the offset of
        /// the date's end minus the offset of its start, both rounded, so the days add up to the rounded
        /// length. Should a zone's history make a date run backwards, that entry stays wholly on its start
        /// day rather than making the migration fail.
        /// </summary>
        private const string SplitExistingEntries = """
            UPDATE time_entries t
            SET day = s.first_day, day_milliseconds = s.parts
            FROM (
                SELECT e.tenant_id, e.id,
                       CASE WHEN min(d.upto - d.since) < 0 THEN min(d.start_day) ELSE min(d.day) END AS first_day,
                       CASE WHEN min(d.upto - d.since) < 0
                            THEN ARRAY[(extract(epoch FROM e.end_at - e.start_at) * 1000)::bigint]
                            ELSE array_agg(d.upto - d.since ORDER BY d.day) END AS parts
                FROM time_entries e
                JOIN users u ON u.id = e.user_id
                JOIN organizations o ON o.id = e.tenant_id
                CROSS JOIN LATERAL (SELECT COALESCE(u.time_zone_id, o.default_time_zone_id) AS name) z
                CROSS JOIN LATERAL generate_series(
                    (e.start_at AT TIME ZONE z.name)::date,
                    ((e.end_at - interval '1 microsecond') AT TIME ZONE z.name)::date,
                    interval '1 day') AS g(at)
                CROSS JOIN LATERAL (
                    SELECT g.at::date AS day,
                           (e.start_at AT TIME ZONE z.name)::date AS start_day,
                           (extract(epoch FROM GREATEST(e.start_at, (g.at::date)::timestamp AT TIME ZONE z.name) - e.start_at) * 1000)::bigint AS since,
                           (extract(epoch FROM LEAST(e.end_at, (g.at::date + 1)::timestamp AT TIME ZONE z.name) - e.start_at) * 1000)::bigint AS upto
                ) d
                WHERE e.end_at IS NOT NULL AND e.end_at > e.start_at
                GROUP BY e.tenant_id, e.id
            ) s
            WHERE t.tenant_id = s.tenant_id AND t.id = s.id;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long[]>(
                name: "day_milliseconds",
                table: "time_entries",
                type: "bigint[]",
                nullable: true);

            migrationBuilder.Sql(RollupSql.CreateSplitTotal);

            // The owner is subject to forced row-level security, so it is lifted until the rollups are
            // refilled; the rollup trigger is off while every entry is split (they are refilled at once).
            migrationBuilder.Sql("ALTER TABLE time_entries NO FORCE ROW LEVEL SECURITY;");
            migrationBuilder.Sql("ALTER TABLE time_rollups NO FORCE ROW LEVEL SECURITY;");
            migrationBuilder.Sql("ALTER TABLE time_entries DISABLE TRIGGER time_entries_rollup_update;");
            migrationBuilder.Sql(SplitExistingEntries);
            migrationBuilder.Sql("ALTER TABLE time_entries ENABLE TRIGGER time_entries_rollup_update;");
            migrationBuilder.Sql(RollupSql.ApplySplit);
            migrationBuilder.Sql(RollupSql.RebuildSplit);
            migrationBuilder.Sql(RollupSql.RefillAllSplit);
            migrationBuilder.Sql("ALTER TABLE time_rollups FORCE ROW LEVEL SECURITY;");
            migrationBuilder.Sql("ALTER TABLE time_entries FORCE ROW LEVEL SECURITY;");

            migrationBuilder.CreateIndex(
                name: "ix_time_entries_tenant_id_user_id_day",
                table: "time_entries",
                columns: new[] { "tenant_id", "user_id", "day" });

            migrationBuilder.AddCheckConstraint(
                name: "ck_time_entries_split_matches_length",
                table: "time_entries",
                sql: "(end_at IS NULL AND day_milliseconds IS NULL) OR (end_at IS NOT NULL AND day_milliseconds IS NOT NULL AND abs(time_entry_split_total(day_milliseconds) - (extract(epoch FROM end_at - start_at) * 1000)::bigint) <= 1)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_time_entries_tenant_id_user_id_day",
                table: "time_entries");

            migrationBuilder.DropCheckConstraint(
                name: "ck_time_entries_split_matches_length",
                table: "time_entries");

            migrationBuilder.Sql(RollupSql.ApplyByStartDay);
            migrationBuilder.Sql("ALTER TABLE time_entries NO FORCE ROW LEVEL SECURITY;");
            migrationBuilder.Sql("ALTER TABLE time_rollups NO FORCE ROW LEVEL SECURITY;");
            migrationBuilder.Sql("DELETE FROM time_rollups;");
            migrationBuilder.Sql(RollupSql.FillAll);
            migrationBuilder.Sql("ALTER TABLE time_rollups FORCE ROW LEVEL SECURITY;");
            migrationBuilder.Sql("ALTER TABLE time_entries FORCE ROW LEVEL SECURITY;");

            migrationBuilder.DropColumn(
                name: "day_milliseconds",
                table: "time_entries");

            migrationBuilder.Sql(RollupSql.DropSplitTotal);
        }
    }
}
