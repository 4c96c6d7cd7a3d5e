namespace TimeTrack.Web.Data;

/// <summary>
/// The rollup table and the trigger that keeps it: every insert, update or delete of a finished
/// entry adds or removes its time on its (person, day, project, outcome, task) rows in the same
/// transaction, whatever path wrote it. Upserts on the unique key make concurrent writers safe; rows
/// that fall to zero entries are removed. <c>rebuild_time_rollups(tenant)</c> recomputes one
/// organization from its entries (after bulk loads with triggers off, or to check the trigger).
/// </summary>
/// <remarks>
/// Since ADR 014 an entry counts on each local day it touches, with the milliseconds its day split
/// (<c>day_milliseconds</c>, made in C# by <c>DaySplit</c> when the entry is saved) gives that day: the
/// database adds those numbers and never works out a day itself. <see cref="Create"/>,
/// <see cref="FillAll"/> and <see cref="Drop"/> are the first version (each entry wholly on the day it
/// started), kept as migration RollupsRatesAndSavedReports ran them; the migration
/// RollupsSplitAtLocalMidnight replaces the functions with <see cref="ApplySplit"/> and
/// <see cref="RebuildSplit"/>.
/// </remarks>
public static class RollupSql
{
    /// <summary>
    /// The check on <c>time_entries</c>: a running timer has no split, a finished entry one whose days
    /// add up to its length (the database rounds the length to milliseconds itself, so one millisecond
    /// apart is allowed).
    /// </summary>
    public const string SplitMatchesLength =
        "(end_at IS NULL AND day_milliseconds IS NULL) OR (end_at IS NOT NULL AND day_milliseconds IS NOT NULL " +
        "AND abs(time_entry_split_total(day_milliseconds) - (extract(epoch FROM end_at - start_at) * 1000)::bigint) <= 1)";

    /// <summary>The sum of a day split, for <see cref="SplitMatchesLength"/>; null parts or none at all never match.</summary>
    public const string CreateSplitTotal = """
        CREATE FUNCTION time_entry_split_total(parts bigint[]) RETURNS bigint
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $fn$ SELECT CASE WHEN count(*) = 0 OR count(*) <> count(p) OR min(p) < 0 THEN -1 ELSE sum(p)::bigint END FROM unnest(parts) AS p $fn$;
        """;

    public const string DropSplitTotal = "DROP FUNCTION IF EXISTS time_entry_split_total(bigint[]);";

    /// <summary>
    /// The trigger function since ADR 014: subtracts the old row's day parts and adds the new row's, one
    /// rollup row per local day with time. A part counts as one entry (a block of work) on its day.
    /// </summary>
    public const string ApplySplit = """
        CREATE OR REPLACE FUNCTION time_rollups_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.day_milliseconds IS NOT NULL THEN
                UPDATE time_rollups r
                SET duration_ms = r.duration_ms - p.ms,
                    billable_ms = r.billable_ms - CASE WHEN OLD.is_billable THEN p.ms ELSE 0 END,
                    outside_hours_ms = r.outside_hours_ms - CASE WHEN OLD.is_outside_hours THEN p.ms ELSE 0 END,
                    entries = r.entries - 1
                FROM unnest(OLD.day_milliseconds) WITH ORDINALITY AS p(ms, n)
                WHERE p.ms > 0
                  AND r.tenant_id = OLD.tenant_id AND r.user_id = OLD.user_id AND r.day = OLD.day + (p.n::int - 1)
                  AND r.project_id = OLD.project_id
                  AND r.outcome_id IS NOT DISTINCT FROM OLD.outcome_id
                  AND r.task_id IS NOT DISTINCT FROM OLD.task_id;
                DELETE FROM time_rollups r
                WHERE r.tenant_id = OLD.tenant_id AND r.user_id = OLD.user_id
                  AND r.day BETWEEN OLD.day AND OLD.day + (cardinality(OLD.day_milliseconds) - 1)
                  AND r.project_id = OLD.project_id
                  AND r.outcome_id IS NOT DISTINCT FROM OLD.outcome_id
                  AND r.task_id IS NOT DISTINCT FROM OLD.task_id
                  AND r.entries <= 0;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.day_milliseconds IS NOT NULL THEN
                INSERT INTO time_rollups AS r (tenant_id, user_id, day, project_id, outcome_id, task_id, duration_ms, billable_ms, outside_hours_ms, entries)
                SELECT NEW.tenant_id, NEW.user_id, NEW.day + (p.n::int - 1), NEW.project_id, NEW.outcome_id, NEW.task_id, p.ms,
                       CASE WHEN NEW.is_billable THEN p.ms ELSE 0 END,
                       CASE WHEN NEW.is_outside_hours THEN p.ms ELSE 0 END,
                       1
                FROM unnest(NEW.day_milliseconds) WITH ORDINALITY AS p(ms, n)
                WHERE p.ms > 0
                ON CONFLICT (tenant_id, user_id, day, project_id, outcome_id, task_id) DO UPDATE
                SET duration_ms = r.duration_ms + excluded.duration_ms,
                    billable_ms = r.billable_ms + excluded.billable_ms,
                    outside_hours_ms = r.outside_hours_ms + excluded.outside_hours_ms,
                    entries = r.entries + 1;
            END IF;
            RETURN NULL;
        END
        $fn$;

        DROP TRIGGER time_entries_rollup_update ON time_entries;
        CREATE TRIGGER time_entries_rollup_update
            AFTER UPDATE OF tenant_id, user_id, day, day_milliseconds, project_id, outcome_id, task_id, start_at, end_at, is_billable, is_outside_hours ON time_entries
            FOR EACH ROW EXECUTE FUNCTION time_rollups_apply();
        """;

    /// <summary>Recomputes one organization's rollups from its entries' day splits, as the trigger would have kept them.</summary>
    public const string RebuildSplit = """
        CREATE OR REPLACE FUNCTION rebuild_time_rollups(tenant uuid) RETURNS void LANGUAGE sql AS $fn$
            DELETE FROM time_rollups WHERE tenant_id = tenant;
            INSERT INTO time_rollups (tenant_id, user_id, day, project_id, outcome_id, task_id, duration_ms, billable_ms, outside_hours_ms, entries)
            SELECT t.tenant_id, t.user_id, t.day + (p.n::int - 1), t.project_id, t.outcome_id, t.task_id,
                   sum(p.ms), sum(CASE WHEN t.is_billable THEN p.ms ELSE 0 END),
                   sum(CASE WHEN t.is_outside_hours THEN p.ms ELSE 0 END), count(*)
            FROM time_entries t
            CROSS JOIN LATERAL unnest(t.day_milliseconds) WITH ORDINALITY AS p(ms, n)
            WHERE t.tenant_id = tenant AND t.day_milliseconds IS NOT NULL AND p.ms > 0
            GROUP BY t.tenant_id, t.user_id, t.day + (p.n::int - 1), t.project_id, t.outcome_id, t.task_id;
        $fn$;
        """;

    /// <summary>Recomputes every organization's rollups at once (the migration, as the owner).</summary>
    public const string RefillAllSplit = """
        DELETE FROM time_rollups;
        INSERT INTO time_rollups (tenant_id, user_id, day, project_id, outcome_id, task_id, duration_ms, billable_ms, outside_hours_ms, entries)
        SELECT t.tenant_id, t.user_id, t.day + (p.n::int - 1), t.project_id, t.outcome_id, t.task_id,
               sum(p.ms), sum(CASE WHEN t.is_billable THEN p.ms ELSE 0 END),
               sum(CASE WHEN t.is_outside_hours THEN p.ms ELSE 0 END), count(*)
        FROM time_entries t
        CROSS JOIN LATERAL unnest(t.day_milliseconds) WITH ORDINALITY AS p(ms, n)
        WHERE t.day_milliseconds IS NOT NULL AND p.ms > 0
        GROUP BY t.tenant_id, t.user_id, t.day + (p.n::int - 1), t.project_id, t.outcome_id, t.task_id;
        """;

    /// <summary>The first version's trigger function (each entry wholly on its start day), after <c>CREATE [OR REPLACE] FUNCTION</c>.</summary>
    private const string StartDayApplyFunction = """
        time_rollups_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
        DECLARE
            ms bigint;
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.end_at IS NOT NULL THEN
                ms := (extract(epoch FROM OLD.end_at - OLD.start_at) * 1000)::bigint;
                UPDATE time_rollups r
                SET duration_ms = r.duration_ms - ms,
                    billable_ms = r.billable_ms - CASE WHEN OLD.is_billable THEN ms ELSE 0 END,
                    outside_hours_ms = r.outside_hours_ms - CASE WHEN OLD.is_outside_hours THEN ms ELSE 0 END,
                    entries = r.entries - 1
                WHERE r.tenant_id = OLD.tenant_id AND r.user_id = OLD.user_id AND r.day = OLD.day
                  AND r.project_id = OLD.project_id
                  AND r.outcome_id IS NOT DISTINCT FROM OLD.outcome_id
                  AND r.task_id IS NOT DISTINCT FROM OLD.task_id;
                DELETE FROM time_rollups r
                WHERE r.tenant_id = OLD.tenant_id AND r.user_id = OLD.user_id AND r.day = OLD.day
                  AND r.project_id = OLD.project_id
                  AND r.outcome_id IS NOT DISTINCT FROM OLD.outcome_id
                  AND r.task_id IS NOT DISTINCT FROM OLD.task_id
                  AND r.entries <= 0;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.end_at IS NOT NULL THEN
                ms := (extract(epoch FROM NEW.end_at - NEW.start_at) * 1000)::bigint;
                INSERT INTO time_rollups AS r (tenant_id, user_id, day, project_id, outcome_id, task_id, duration_ms, billable_ms, outside_hours_ms, entries)
                VALUES (NEW.tenant_id, NEW.user_id, NEW.day, NEW.project_id, NEW.outcome_id, NEW.task_id, ms,
                        CASE WHEN NEW.is_billable THEN ms ELSE 0 END,
                        CASE WHEN NEW.is_outside_hours THEN ms ELSE 0 END,
                        1)
                ON CONFLICT (tenant_id, user_id, day, project_id, outcome_id, task_id) DO UPDATE
                SET duration_ms = r.duration_ms + excluded.duration_ms,
                    billable_ms = r.billable_ms + excluded.billable_ms,
                    outside_hours_ms = r.outside_hours_ms + excluded.outside_hours_ms,
                    entries = r.entries + 1;
            END IF;
            RETURN NULL;
        END
        $fn$;
        """;

    /// <summary>
    /// The first version's trigger function and rebuild (each entry wholly on its start day), for going
    /// back down from RollupsSplitAtLocalMidnight.
    /// </summary>
    public const string ApplyByStartDay = $$"""
        CREATE OR REPLACE FUNCTION {{StartDayApplyFunction}}

        DROP TRIGGER time_entries_rollup_update ON time_entries;
        CREATE TRIGGER time_entries_rollup_update
            AFTER UPDATE OF tenant_id, user_id, day, project_id, outcome_id, task_id, start_at, end_at, is_billable, is_outside_hours ON time_entries
            FOR EACH ROW EXECUTE FUNCTION time_rollups_apply();

        CREATE OR REPLACE FUNCTION rebuild_time_rollups(tenant uuid) RETURNS void LANGUAGE sql AS $fn$
            DELETE FROM time_rollups WHERE tenant_id = tenant;
            INSERT INTO time_rollups (tenant_id, user_id, day, project_id, outcome_id, task_id, duration_ms, billable_ms, outside_hours_ms, entries)
            SELECT e.tenant_id, e.user_id, e.day, e.project_id, e.outcome_id, e.task_id,
                   sum(e.ms), sum(CASE WHEN e.is_billable THEN e.ms ELSE 0 END),
                   sum(CASE WHEN e.is_outside_hours THEN e.ms ELSE 0 END), count(*)
            FROM (SELECT t.*, (extract(epoch FROM t.end_at - t.start_at) * 1000)::bigint AS ms
                  FROM time_entries t WHERE t.tenant_id = tenant AND t.end_at IS NOT NULL) e
            GROUP BY e.tenant_id, e.user_id, e.day, e.project_id, e.outcome_id, e.task_id;
        $fn$;
        """;

    public const string Create = $$"""
        CREATE TABLE time_rollups (
            tenant_id uuid NOT NULL,
            user_id uuid NOT NULL,
            day date NOT NULL,
            project_id uuid NOT NULL,
            outcome_id uuid NULL,
            task_id uuid NULL,
            duration_ms bigint NOT NULL,
            billable_ms bigint NOT NULL,
            outside_hours_ms bigint NOT NULL,
            entries integer NOT NULL
        );
        CREATE UNIQUE INDEX ux_time_rollups_key ON time_rollups (tenant_id, user_id, day, project_id, outcome_id, task_id) NULLS NOT DISTINCT;
        CREATE INDEX ix_time_rollups_tenant_id_day ON time_rollups (tenant_id, day);
        CREATE INDEX ix_time_rollups_tenant_id_project_id_day ON time_rollups (tenant_id, project_id, day);

        CREATE FUNCTION {{StartDayApplyFunction}}

        CREATE TRIGGER time_entries_rollup_insert_delete AFTER INSERT OR DELETE ON time_entries
            FOR EACH ROW EXECUTE FUNCTION time_rollups_apply();
        CREATE TRIGGER time_entries_rollup_update
            AFTER UPDATE OF tenant_id, user_id, day, project_id, outcome_id, task_id, start_at, end_at, is_billable, is_outside_hours ON time_entries
            FOR EACH ROW EXECUTE FUNCTION time_rollups_apply();

        CREATE FUNCTION rebuild_time_rollups(tenant uuid) RETURNS void LANGUAGE sql AS $fn$
            DELETE FROM time_rollups WHERE tenant_id = tenant;
            INSERT INTO time_rollups (tenant_id, user_id, day, project_id, outcome_id, task_id, duration_ms, billable_ms, outside_hours_ms, entries)
            SELECT e.tenant_id, e.user_id, e.day, e.project_id, e.outcome_id, e.task_id,
                   sum(e.ms), sum(CASE WHEN e.is_billable THEN e.ms ELSE 0 END),
                   sum(CASE WHEN e.is_outside_hours THEN e.ms ELSE 0 END), count(*)
            FROM (SELECT t.*, (extract(epoch FROM t.end_at - t.start_at) * 1000)::bigint AS ms
                  FROM time_entries t WHERE t.tenant_id = tenant AND t.end_at IS NOT NULL) e
            GROUP BY e.tenant_id, e.user_id, e.day, e.project_id, e.outcome_id, e.task_id;
        $fn$;
        """;

    /// <summary>Fills the table for every organization at once (the migration, as the owner).</summary>
    public const string FillAll = """
        INSERT INTO time_rollups (tenant_id, user_id, day, project_id, outcome_id, task_id, duration_ms, billable_ms, outside_hours_ms, entries)
        SELECT e.tenant_id, e.user_id, e.day, e.project_id, e.outcome_id, e.task_id,
               sum(e.ms), sum(CASE WHEN e.is_billable THEN e.ms ELSE 0 END),
               sum(CASE WHEN e.is_outside_hours THEN e.ms ELSE 0 END), count(*)
        FROM (SELECT t.*, (extract(epoch FROM t.end_at - t.start_at) * 1000)::bigint AS ms
              FROM time_entries t WHERE t.end_at IS NOT NULL) e
        GROUP BY e.tenant_id, e.user_id, e.day, e.project_id, e.outcome_id, e.task_id;
        """;

    public const string Drop = """
        DROP TRIGGER IF EXISTS time_entries_rollup_update ON time_entries;
        DROP TRIGGER IF EXISTS time_entries_rollup_insert_delete ON time_entries;
        DROP FUNCTION IF EXISTS rebuild_time_rollups(uuid);
        DROP FUNCTION IF EXISTS time_rollups_apply();
        DROP TABLE IF EXISTS time_rollups;
        """;
}
