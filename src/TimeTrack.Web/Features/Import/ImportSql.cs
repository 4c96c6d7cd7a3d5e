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
        + "start_at, end_at, day, day_milliseconds, is_outside_hours, no_overlap, fingerprint, tag_ids, problem, time_zone, is_duration_only";

    /// <summary>
    /// Row-level security refuses COPY into the tenant's tables, so each chunk lands in a session-private
    /// temporary table first and moves on with one INSERT … SELECT (checked by the tenant policy).
    /// </summary>
    public const string CreateIncoming =
        $"CREATE TEMP TABLE import_incoming (LIKE {StagingTable} INCLUDING DEFAULTS) ON COMMIT DROP;";

    public const string CopyIncoming = $"COPY import_incoming ({CopyColumns}) FROM STDIN (FORMAT BINARY)";

    public const string MoveIncoming =
        $"INSERT INTO {StagingTable} SELECT * FROM import_incoming ON CONFLICT (tenant_id, batch_id, line) DO NOTHING;";

    /// <summary>The staging table's statistics, through the owner's function (migration ImportStagingStatistics).</summary>
    public const string AnalyzeStaging = "SELECT import_staging_analyze();";

    public const string DeleteStaged = $"DELETE FROM {StagingTable} WHERE tenant_id = @tenant AND batch_id = @batch;";

    /// <summary>
    /// The dry run's checks, on freshly staged rows. Rows the reader or the row rules refused carry
    /// <c>problem</c>; these mark the rows already imported and set <c>check_problem</c> on the others
    /// that cannot be imported. Rows are freshly staged, so nothing needs resetting, and only the rows
    /// with something to say are written.
    /// </summary>
    /// <remarks>
    /// Whether a row overlaps something is worked out for all rows at once, not row by row: the rows, the
    /// people's recorded entries and their approved weeks in the file's span go on one timeline per
    /// person, and two passes over it, forwards and backwards, give each row the latest end before it and
    /// the earliest start after it of each kind — it overlaps that kind when one reaches past its start
    /// or the other begins before its end. Only a row found overlapping is looked up again, down the
    /// person's index, to say with what.
    /// </remarks>
    public const string Check = $"""
        {WorkMemory}
        UPDATE import_batches SET checked_at = @now WHERE tenant_id = @tenant AND id = @batch;

        UPDATE {StagingTable} s SET already_imported = true
        FROM ({Keys}) k
        WHERE s.tenant_id = @tenant AND s.batch_id = @batch AND s.line = k.line
          AND EXISTS (SELECT 1 FROM time_entries e
                      WHERE e.tenant_id = @tenant AND e.user_id = k.user_id AND e.import_key = k.import_key);

        WITH candidates AS MATERIALIZED (
            SELECT line, user_id, project_id, project_is_new, start_at, end_at, no_overlap, time_zone, is_duration_only
            FROM {StagingTable}
            WHERE tenant_id = @tenant AND batch_id = @batch AND problem IS NULL AND NOT already_imported
        ),
        span AS (
            SELECT min(start_at) AS first_start, max(end_at) AS last_end, array_agg(DISTINCT user_id) AS people FROM candidates
        ),
        timeline AS (
            -- A duration-only row (a day and hours) is on the timeline for locked weeks only (kind 3):
            -- without clock times it overlaps nothing and nothing overlaps it (ADR 023).
            SELECT c.user_id, c.start_at, c.end_at, CASE WHEN c.is_duration_only THEN 3 ELSE 2 END AS kind, c.line FROM candidates c
            UNION ALL
            -- Recorded entries are at most 24 hours long; a running timer reaches in however long ago it started.
            -- Duration-only entries have no clock times, so nothing overlaps them (ADR 023).
            SELECT e.user_id, e.start_at, e.end_at, 0, 0 FROM time_entries e, span
            WHERE e.tenant_id = @tenant AND e.user_id = ANY (span.people) AND e.end_at IS NOT NULL AND NOT e.is_duration_only
              AND e.start_at < span.last_end AND e.start_at > span.first_start - interval '24 hours' AND e.end_at > span.first_start
            UNION ALL
            SELECT e.user_id, e.start_at, 'infinity', 0, 0 FROM time_entries e, span
            WHERE e.tenant_id = @tenant AND e.user_id = ANY (span.people) AND e.end_at IS NULL AND e.start_at < span.last_end
            UNION ALL
            SELECT lp.user_id, lp.start_at, lp.end_at, 1, 0 FROM locked_periods lp, span
            WHERE lp.tenant_id = @tenant AND lp.user_id = ANY (span.people) AND lp.start_at < span.last_end AND lp.end_at > span.first_start
        ),
        reach AS (
            SELECT line, start_at, end_at,
                   max(end_at) FILTER (WHERE kind = 0) OVER forwards AS entry_before,
                   max(end_at) FILTER (WHERE kind = 1) OVER forwards AS lock_before,
                   max(end_at) FILTER (WHERE kind = 2) OVER forwards AS row_before,
                   min(start_at) FILTER (WHERE kind = 0) OVER backwards AS entry_after,
                   min(start_at) FILTER (WHERE kind = 1) OVER backwards AS lock_after,
                   min(start_at) FILTER (WHERE kind = 2) OVER backwards AS row_after,
                   kind
            FROM timeline
            WINDOW forwards AS (PARTITION BY user_id ORDER BY start_at, kind, line ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
                   backwards AS (PARTITION BY user_id ORDER BY start_at DESC, kind DESC, line DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
        ),
        flags AS (
            SELECT line,
                   lock_before > start_at OR lock_after < end_at AS in_locked_week,
                   entry_before > start_at OR entry_after < end_at AS overlaps_entry,
                   row_before > start_at OR row_after < end_at AS overlaps_row
            FROM reach WHERE kind IN (2, 3)
        ),
        -- COALESCE stops at the first problem, so a row refused for its project is not looked up further.
        -- Materialized with only the refused rows, so that the update visits those and no others.
        problems AS MATERIALIZED (
            SELECT * FROM (SELECT a.line, COALESCE(
                CASE WHEN NOT a.project_is_new AND p.is_archived THEN 'the project “' || p.name || '” is archived' END,
                CASE WHEN NOT a.project_is_new AND m.user_id IS NULL THEN u.email || ' is not a member of the project “' || p.name || '”' END,
                CASE WHEN f.in_locked_week THEN
                    (SELECT 'the week of ' || to_char(min(lp.week_start), 'FMDD FMMonth YYYY') || ' is approved and locked'
                     FROM locked_periods lp
                     WHERE lp.tenant_id = @tenant AND lp.user_id = a.user_id AND lp.start_at < a.end_at AND a.start_at < lp.end_at) END,
                CASE WHEN a.no_overlap AND f.overlaps_entry THEN
                    (SELECT {OverlapWithEntry} FROM time_entries e
                     WHERE e.tenant_id = @tenant AND e.user_id = a.user_id AND e.start_at < a.end_at AND NOT e.is_duration_only
                       AND ((e.start_at > a.start_at - interval '24 hours' AND e.end_at > a.start_at) OR e.end_at IS NULL)
                     ORDER BY e.start_at LIMIT 1) END,
                CASE WHEN a.no_overlap AND f.overlaps_row THEN
                    (SELECT 'it overlaps line ' || min(b.line) FROM {StagingTable} b
                     WHERE b.tenant_id = @tenant AND b.batch_id = @batch AND b.user_id = a.user_id
                       AND b.start_at > a.start_at - interval '24 hours' AND b.start_at < a.end_at
                       AND b.end_at > a.start_at AND b.line <> a.line AND NOT b.is_duration_only
                       AND b.problem IS NULL AND NOT b.already_imported) END) AS problem
            FROM candidates a
            JOIN flags f ON f.line = a.line
            JOIN users u ON u.id = a.user_id
            LEFT JOIN projects p ON p.tenant_id = @tenant AND p.id = a.project_id
            LEFT JOIN project_members m ON m.tenant_id = @tenant AND m.project_id = a.project_id AND m.user_id = a.user_id) checked
            WHERE checked.problem IS NOT NULL
        )
        UPDATE {StagingTable} s SET check_problem = problems.problem
        FROM problems
        WHERE s.tenant_id = @tenant AND s.batch_id = @batch AND s.line = problems.line;

        {Counts}
        """;

    /// <summary>
    /// The confirmation's checks, inside its transaction: only what can have changed since the dry run
    /// (the staged rows cannot). Entries imported, saved or changed since, weeks approved since, and
    /// projects archived or memberships ended since. "Since" reaches five minutes before the dry run's
    /// checks, for clocks of different processes that disagree a little.
    /// </summary>
    public const string Recheck = $"""
        {WorkMemory}
        CREATE TEMP TABLE import_since ON COMMIT DROP AS
        SELECT COALESCE((SELECT checked_at FROM import_batches WHERE tenant_id = @tenant AND id = @batch) - interval '5 minutes',
                        '-infinity'::timestamptz) AS since;

        CREATE TEMP TABLE import_changed ON COMMIT DROP AS
        SELECT e.user_id, e.start_at, e.end_at, e.import_key, e.is_duration_only FROM time_entries e, import_since
        WHERE e.tenant_id = @tenant AND e.updated_at >= import_since.since;
        ANALYZE import_changed;

        UPDATE {StagingTable} s SET already_imported = true
        FROM ({Keys} AND fingerprint IN (SELECT split_part(import_key, '#', 1) FROM import_changed WHERE import_key IS NOT NULL)) k
        JOIN import_changed e ON e.user_id = k.user_id AND e.import_key = k.import_key
        WHERE s.tenant_id = @tenant AND s.batch_id = @batch AND s.line = k.line AND NOT s.already_imported;

        UPDATE {StagingTable} s SET check_problem = c.problem
        FROM (SELECT a.line, COALESCE(
                  CASE WHEN NOT a.project_is_new AND p.is_archived THEN 'the project “' || p.name || '” is archived' END,
                  CASE WHEN NOT a.project_is_new AND m.user_id IS NULL THEN u.email || ' is not a member of the project “' || p.name || '”' END) AS problem
              FROM {StagingTable} a
              JOIN users u ON u.id = a.user_id
              LEFT JOIN projects p ON p.tenant_id = a.tenant_id AND p.id = a.project_id
              LEFT JOIN project_members m ON m.tenant_id = a.tenant_id AND m.project_id = a.project_id AND m.user_id = a.user_id
              WHERE a.tenant_id = @tenant AND a.batch_id = @batch AND a.problem IS NULL AND a.check_problem IS NULL
                AND NOT a.already_imported) c
        WHERE s.tenant_id = @tenant AND s.batch_id = @batch AND s.line = c.line AND c.problem IS NOT NULL;

        UPDATE {StagingTable} s SET check_problem = 'the week of ' || to_char(l.week_start, 'FMDD FMMonth YYYY') || ' is approved and locked'
        FROM (SELECT s2.line, min(lp.week_start) AS week_start
              FROM {StagingTable} s2
              JOIN locked_periods lp ON lp.tenant_id = s2.tenant_id AND lp.user_id = s2.user_id
                                    AND lp.start_at < s2.end_at AND s2.start_at < lp.end_at
              CROSS JOIN import_since
              WHERE s2.tenant_id = @tenant AND s2.batch_id = @batch AND s2.problem IS NULL AND NOT s2.already_imported
                AND lp.locked_at >= import_since.since
              GROUP BY s2.line) l
        WHERE s.tenant_id = @tenant AND s.batch_id = @batch AND s.line = l.line AND s.check_problem IS NULL;

        UPDATE {StagingTable} s SET check_problem = o.problem
        FROM (SELECT DISTINCT ON (a.line) a.line, {OverlapWithEntry} AS problem
              FROM import_changed e
              JOIN {StagingTable} a ON a.tenant_id = @tenant AND a.batch_id = @batch AND a.user_id = e.user_id
                   AND a.start_at < COALESCE(e.end_at, 'infinity') AND e.start_at < a.end_at
              WHERE a.no_overlap AND NOT e.is_duration_only AND a.problem IS NULL AND a.check_problem IS NULL AND NOT a.already_imported
              ORDER BY a.line, e.start_at) o
        WHERE s.tenant_id = @tenant AND s.batch_id = @batch AND s.line = o.line;

        {Counts}
        """;

    /// <summary>
    /// Each checked row's import key: the n-th row with the same fingerprint for a person is the n-th
    /// occurrence, so identical rows are imported as often as the file has them, and once only however
    /// often the file is imported. Worked out where it is needed rather than stored (writing it to every
    /// staged row cost more than the sort). Open at the end for more conditions.
    /// </summary>
    private const string Keys = $"""
        SELECT line, user_id, fingerprint || '#' || row_number() OVER (PARTITION BY user_id, fingerprint ORDER BY line) AS import_key
        FROM {StagingTable}
        WHERE tenant_id = @tenant AND batch_id = @batch AND problem IS NULL
        """;

    /// <summary>
    /// Sorts and hashes of a large file's rows stay in memory up to 64 MB each (the default 4 MB sends
    /// them to disk), for the rest of the import's transaction only (the first statement of the checks).
    /// </summary>
    private const string WorkMemory = "SELECT set_config('work_mem', '64MB', true);";

    /// <summary>An overlap with a recorded entry <c>e</c>, in the person's zone as the entry pages say it.</summary>
    private const string OverlapWithEntry = """
        'it overlaps time already recorded for ' || (SELECT email FROM users WHERE id = a.user_id) || CASE WHEN e.end_at IS NULL
            THEN ' (a running timer, started ' || to_char(e.start_at AT TIME ZONE COALESCE(a.time_zone, 'UTC'), 'Dy FMDD Mon') || ' at '
                 || to_char(e.start_at AT TIME ZONE COALESCE(a.time_zone, 'UTC'), 'HH24:MI') || ')'
            ELSE ' (an entry on ' || to_char(e.start_at AT TIME ZONE COALESCE(a.time_zone, 'UTC'), 'Dy FMDD Mon') || ' from '
                 || to_char(e.start_at AT TIME ZONE COALESCE(a.time_zone, 'UTC'), 'HH24:MI') || ' to '
                 || to_char(e.end_at AT TIME ZONE COALESCE(a.time_zone, 'UTC'), 'HH24:MI') || ')' END
        """;

    private const string Counts = $"""
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

    /// <summary>
    /// The import itself: one plain INSERT. No ON CONFLICT clause: its speculative insertion costs an
    /// index probe and a second WAL record per row, and the confirmation has already set aside, in the
    /// same transaction, what a person already has. Another import confirmed at the same moment with the
    /// same rows meets the unique import key, and this one imports nothing (ConfirmAsync says why).
    /// </summary>
    public const string InsertEntries = $"""
        INSERT INTO time_entries (tenant_id, id, user_id, project_id, task_id, outcome_id, description, is_billable,
                                  start_at, end_at, day, day_milliseconds, source, is_outside_hours, no_overlap,
                                  is_duration_only, import_key, created_at, updated_at)
        SELECT s.tenant_id, s.entry_id, s.user_id, s.project_id, s.task_id, NULL, s.description,
               COALESCE(s.is_billable, p.is_billable_by_default, false),
               s.start_at, s.end_at, s.day, s.day_milliseconds, 'Import', s.is_outside_hours, s.no_overlap,
               s.is_duration_only, k.import_key, @now, @now
        FROM {StagingTable} s
        JOIN ({Keys}) k ON k.line = s.line
        LEFT JOIN projects p ON p.tenant_id = s.tenant_id AND p.id = s.project_id
        WHERE s.tenant_id = @tenant AND s.batch_id = @batch AND s.problem IS NULL AND NOT s.already_imported;
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
