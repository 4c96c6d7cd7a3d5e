namespace TimeTrack.Web.Features.Import;

/// <summary>
/// The set-based statements of an import (ADR 020). Every statement names the batch; row-level security
/// keeps each to the current organization. Parameters: <c>@tenant</c>, <c>@batch</c>, <c>@now</c>.
/// </summary>
internal static class ImportSql
{
    public const string StagingTable = "import_staged_entries";

    /// <summary>The columns the dry run writes with binary COPY, in order.</summary>
    public const string CopyColumns =
        "tenant_id, batch_id, line, entry_id, user_id, project_id, project_is_new, task_id, description, is_billable, "
        + "start_at, end_at, day, day_milliseconds, is_outside_hours, no_overlap, fingerprint, tag_ids, problem";

    /// <summary>
    /// Row-level security refuses COPY into the tenant's tables, so each chunk lands in a session-private
    /// temporary table first and moves on with one INSERT … SELECT (checked by the tenant policy).
    /// </summary>
    public const string CreateIncoming =
        $"CREATE TEMP TABLE import_incoming (LIKE {StagingTable} INCLUDING DEFAULTS) ON COMMIT DROP;";

    public const string CopyIncoming = $"COPY import_incoming ({CopyColumns}) FROM STDIN (FORMAT BINARY)";

    public const string MoveIncoming =
        $"INSERT INTO {StagingTable} SELECT * FROM import_incoming ON CONFLICT (tenant_id, batch_id, line) DO NOTHING;";

    public const string DeleteStaged = $"DELETE FROM {StagingTable} WHERE tenant_id = @tenant AND batch_id = @batch;";

    /// <summary>
    /// The checks, run after staging and again inside the confirming transaction. Rows the reader or
    /// the row rules refused carry <c>problem</c>; these set <c>check_problem</c> on the others.
    /// </summary>
    public const string Check = $"""
        UPDATE {StagingTable} SET check_problem = NULL, already_imported = false
        WHERE tenant_id = @tenant AND batch_id = @batch;

        -- The n-th row with the same fingerprint for a person is the n-th occurrence: identical rows are
        -- imported as often as the file has them, and once only however often the file is imported.
        UPDATE {StagingTable} s SET import_key = k.fingerprint || '#' || k.occurrence
        FROM (SELECT line, fingerprint, row_number() OVER (PARTITION BY user_id, fingerprint ORDER BY line) AS occurrence
              FROM {StagingTable}
              WHERE tenant_id = @tenant AND batch_id = @batch AND fingerprint IS NOT NULL AND user_id IS NOT NULL) k
        WHERE s.tenant_id = @tenant AND s.batch_id = @batch AND s.line = k.line;

        UPDATE {StagingTable} s SET already_imported = true
        WHERE s.tenant_id = @tenant AND s.batch_id = @batch AND s.problem IS NULL
          AND EXISTS (SELECT 1 FROM time_entries e
                      WHERE e.tenant_id = s.tenant_id AND e.user_id = s.user_id AND e.import_key = s.import_key);

        UPDATE {StagingTable} s SET check_problem = 'the project “' || p.name || '” is archived'
        FROM projects p
        WHERE s.tenant_id = @tenant AND s.batch_id = @batch AND s.problem IS NULL AND NOT s.already_imported
          AND NOT s.project_is_new AND p.tenant_id = s.tenant_id AND p.id = s.project_id AND p.is_archived;

        UPDATE {StagingTable} s SET check_problem = u.email || ' is not a member of the project “' || p.name || '”'
        FROM projects p, users u
        WHERE s.tenant_id = @tenant AND s.batch_id = @batch AND s.problem IS NULL AND s.check_problem IS NULL
          AND NOT s.already_imported AND NOT s.project_is_new
          AND p.tenant_id = s.tenant_id AND p.id = s.project_id AND u.id = s.user_id
          AND NOT EXISTS (SELECT 1 FROM project_members m
                          WHERE m.tenant_id = s.tenant_id AND m.project_id = s.project_id AND m.user_id = s.user_id);

        UPDATE {StagingTable} s SET check_problem = 'the week of ' || to_char(l.week_start, 'FMDD FMMonth YYYY') || ' is approved and locked'
        FROM (SELECT s2.line, min(lp.week_start) AS week_start
              FROM {StagingTable} s2
              JOIN locked_periods lp ON lp.tenant_id = s2.tenant_id AND lp.user_id = s2.user_id
                                    AND lp.start_at < s2.end_at AND s2.start_at < lp.end_at
              WHERE s2.tenant_id = @tenant AND s2.batch_id = @batch AND s2.problem IS NULL AND NOT s2.already_imported
              GROUP BY s2.line) l
        WHERE s.tenant_id = @tenant AND s.batch_id = @batch AND s.line = l.line AND s.check_problem IS NULL;

        -- Overlaps, where the organization refuses them: with entries already recorded, then within the file.
        UPDATE {StagingTable} s SET check_problem = 'it overlaps time already recorded for ' || u.email || ' (an entry from '
            || to_char(o.start_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC)'
        FROM users u, (
            SELECT s2.line,
                   -- Entries are at most 24 hours long, so only those starting a day before can reach in;
                   -- a running timer reaches in however long ago it started.
                   (SELECT e.start_at FROM time_entries e
                    WHERE e.tenant_id = s2.tenant_id AND e.user_id = s2.user_id AND e.start_at < s2.end_at
                      AND ((e.start_at > s2.start_at - interval '24 hours' AND e.end_at > s2.start_at) OR e.end_at IS NULL)
                    ORDER BY e.start_at LIMIT 1) AS start_at
            FROM {StagingTable} s2
            WHERE s2.tenant_id = @tenant AND s2.batch_id = @batch AND s2.no_overlap AND s2.problem IS NULL AND NOT s2.already_imported) o
        WHERE s.tenant_id = @tenant AND s.batch_id = @batch AND s.line = o.line AND o.start_at IS NOT NULL
          AND s.check_problem IS NULL AND u.id = s.user_id;

        -- A correlated lookup per row (a range of the person's index, entries being at most 24 hours
        -- long): a plain self-join on the person lets the planner pair every row with every other.
        UPDATE {StagingTable} s SET check_problem = 'it overlaps line ' || o.other
        FROM (SELECT a.line,
                     (SELECT min(b.line) FROM {StagingTable} b
                      WHERE b.tenant_id = a.tenant_id AND b.batch_id = a.batch_id AND b.user_id = a.user_id
                        AND b.start_at > a.start_at - interval '24 hours' AND b.start_at < a.end_at
                        AND b.end_at > a.start_at AND b.line <> a.line
                        AND b.problem IS NULL AND NOT b.already_imported) AS other
              FROM {StagingTable} a
              WHERE a.tenant_id = @tenant AND a.batch_id = @batch AND a.no_overlap AND a.problem IS NULL AND NOT a.already_imported) o
        WHERE s.tenant_id = @tenant AND s.batch_id = @batch AND s.line = o.line AND o.other IS NOT NULL AND s.check_problem IS NULL;

        SELECT count(*) FILTER (WHERE problem IS NOT NULL OR check_problem IS NOT NULL),
               count(*) FILTER (WHERE problem IS NULL AND check_problem IS NULL AND already_imported),
               count(*) FILTER (WHERE problem IS NULL AND check_problem IS NULL AND NOT already_imported)
        FROM {StagingTable} WHERE tenant_id = @tenant AND batch_id = @batch;
        """;

    /// <summary>New projects get the people whose rows are in them as members.</summary>
    public const string AddMembersOfNewProjects = $"""
        INSERT INTO project_members (tenant_id, project_id, user_id, is_project_manager)
        SELECT DISTINCT tenant_id, project_id, user_id, false FROM {StagingTable}
        WHERE tenant_id = @tenant AND batch_id = @batch AND project_is_new AND NOT already_imported
        ON CONFLICT DO NOTHING;
        """;

    /// <summary>The import itself: one statement; the unique import key skips what a person already has.</summary>
    public const string InsertEntries = $"""
        INSERT INTO time_entries (tenant_id, id, user_id, project_id, task_id, outcome_id, description, is_billable,
                                  start_at, end_at, day, day_milliseconds, source, is_outside_hours, no_overlap,
                                  import_key, created_at, updated_at)
        SELECT s.tenant_id, s.entry_id, s.user_id, s.project_id, s.task_id, NULL, s.description,
               COALESCE(s.is_billable, p.is_billable_by_default, false),
               s.start_at, s.end_at, s.day, s.day_milliseconds, 'Import', s.is_outside_hours, s.no_overlap,
               s.import_key, @now, @now
        FROM {StagingTable} s
        LEFT JOIN projects p ON p.tenant_id = s.tenant_id AND p.id = s.project_id
        WHERE s.tenant_id = @tenant AND s.batch_id = @batch AND NOT s.already_imported
        ORDER BY s.line
        ON CONFLICT (tenant_id, user_id, import_key) WHERE import_key IS NOT NULL DO NOTHING;
        """;

    public const string InsertTags = $"""
        INSERT INTO time_entry_tags (tenant_id, time_entry_id, tag_id)
        SELECT s.tenant_id, s.entry_id, t.tag_id
        FROM {StagingTable} s
        JOIN time_entries e ON e.tenant_id = s.tenant_id AND e.id = s.entry_id
        CROSS JOIN LATERAL unnest(s.tag_ids) AS t(tag_id)
        WHERE s.tenant_id = @tenant AND s.batch_id = @batch AND NOT s.already_imported
        ON CONFLICT DO NOTHING;
        """;

    public const string Rejections = $"""
        SELECT line, COALESCE(problem, check_problem) FROM {StagingTable}
        WHERE tenant_id = @tenant AND batch_id = @batch AND (problem IS NOT NULL OR check_problem IS NOT NULL)
        ORDER BY line LIMIT @limit;
        """;
}
