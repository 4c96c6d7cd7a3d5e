namespace TimeTrack.Web.Data;

/// <summary>
/// The rollup table and the trigger that keeps it: every insert, update or delete of a finished
/// entry adds or removes its length on its (person, day, project, outcome, task) row in the same
/// transaction, whatever path wrote it. Upserts on the unique key make concurrent writers safe; rows
/// that fall to zero entries are removed. <c>rebuild_time_rollups(tenant)</c> recomputes one
/// organization from its entries (after bulk loads with triggers off, or to check the trigger).
/// </summary>
public static class RollupSql
{
    public const string Create = """
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

        CREATE FUNCTION time_rollups_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
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
