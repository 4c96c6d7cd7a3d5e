using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Isolation;

/// <summary>
/// The app on its own database whose every tenant table holds rows of both demo organizations, so
/// "no globex row is visible" can never pass because there was nothing to see. The demo seed leaves
/// invitations empty and gives globex no team; the probes below fill those gaps (inserted as the
/// superuser, below the app's checks, in a database no other test class reads).
/// </summary>
public sealed class IsolationFactory : TimeTrackFactory
{
    public Guid AcmeId { get; private set; }

    public Guid GlobexId { get; private set; }

    public Guid DaveId { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        AcmeId = await Database.OrganizationIdAsync("acme");
        GlobexId = await Database.OrganizationIdAsync("globex");
        DaveId = await Database.UserIdAsync("dave@globex.test");
        var globexOwnerId = await Database.UserIdAsync("owner@globex.test");
        var acmeAdminId = await Database.UserIdAsync("admin@acme.test");

        await using var connection = await Database.OpenAsSuperuserAsync();
        var teamId = Guid.CreateVersion7();
        await connection.ExecuteAsync(
            """
            INSERT INTO teams (tenant_id, id, name) VALUES (@globex, @team, 'Isolation probe');
            INSERT INTO team_managers (tenant_id, team_id, user_id) VALUES (@globex, @team, @owner);
            INSERT INTO team_members (tenant_id, team_id, user_id) VALUES (@globex, @team, @dave);
            INSERT INTO invitations (tenant_id, id, email, role, token_hash, invited_by_user_id, created_at, expires_at, accepted_at, accepted_by_user_id)
            VALUES
              (@globex, @globexInvitation, 'probe@globex.test', 'Employee', repeat('a', 64), @owner, now(), now() + interval '14 days', now(), @dave),
              (@acme, @acmeInvitation, 'probe@acme.test', 'Employee', repeat('b', 64), @admin, now(), now() + interval '14 days', now(), @admin);
            """,
            ("globex", GlobexId),
            ("acme", AcmeId),
            ("team", teamId),
            ("owner", globexOwnerId),
            ("admin", acmeAdminId),
            ("dave", DaveId),
            ("globexInvitation", Guid.CreateVersion7()),
            ("acmeInvitation", Guid.CreateVersion7()));

        // Tables the demo seed leaves empty: one probe row per organization.
        foreach (var (tenant, person) in new[] { (AcmeId, acmeAdminId), (GlobexId, DaveId) })
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO clients (tenant_id, id, name, is_archived) VALUES (@tenant, @client, 'Isolation probe client', false);
                INSERT INTO locked_periods (tenant_id, id, user_id, week_start, start_at, end_at, locked_by_user_id, locked_at)
                VALUES (@tenant, @lock, @person, '2020-01-06', '2020-01-06T00:00:00Z', '2020-01-13T00:00:00Z', @person, now());
                INSERT INTO personal_access_tokens (tenant_id, id, user_id, name, prefix, token_hash, created_at, expires_at)
                VALUES (@tenant, @token, @person, 'Isolation probe', 'probe', md5(@token::text) || md5(@lock::text), now(), now() + interval '1 day');
                INSERT INTO notices (tenant_id, id, user_id, text, created_at) VALUES (@tenant, @notice, @person, 'Isolation probe', now());
                INSERT INTO time_entry_tags (tenant_id, time_entry_id, tag_id)
                SELECT @tenant, (SELECT id FROM time_entries WHERE tenant_id = @tenant LIMIT 1), (SELECT id FROM tags WHERE tenant_id = @tenant LIMIT 1)
                ON CONFLICT DO NOTHING;
                INSERT INTO policy_acknowledgements (tenant_id, policy_version_id, user_id, acknowledged_at)
                SELECT @tenant, (SELECT id FROM policy_versions WHERE tenant_id = @tenant AND number = 1), @person, now();
                INSERT INTO access_log_entries (tenant_id, id, subject_user_id, viewer_user_id, categories, channel, resource, export_id, occurred_at)
                VALUES (@tenant, @export, @person, @person, ARRAY['Totals'], 'Export', 'Isolation probe', @export, now());
                INSERT INTO data_exports (tenant_id, id, viewer_user_id, description, included_user_ids, created_at)
                VALUES (@tenant, @export, @person, 'Isolation probe', ARRAY[@person], now());
                INSERT INTO pulse_surveys (tenant_id, id, title, introduction, created_by_user_id, opened_at) VALUES (@tenant, @survey, 'Isolation probe', '', @person, now());
                INSERT INTO pulse_questions (tenant_id, id, survey_id, position, kind, text) VALUES (@tenant, @question, @survey, 1, 'Likert', 'Isolation probe');
                INSERT INTO pulse_participations (tenant_id, survey_id, user_id) VALUES (@tenant, @survey, @person);
                INSERT INTO pulse_answers (tenant_id, id, survey_id, question_id, score) VALUES (@tenant, gen_random_uuid(), @survey, @question, 3);
                INSERT INTO digests (tenant_id, id, user_id, week_start, week_ended_at, content, created_at, embargo_ends_at, reflection_shared)
                VALUES (@tenant, @survey, @person, '2020-01-06', '2020-01-13T00:00:00Z',
                  '{"weekStart":"2020-01-06","totalMinutes":0,"byProject":[],"byOutcome":[],"outcomes":[],"focusMinutes":0,"longestFocus":null,"switchesPerDay":[],"outsideHoursMinutes":null,"weekendMinutes":null,"comparison":{"previousWeeks":4,"averageMinutes":0,"differenceMinutes":0},"highlights":[]}',
                  now(), now(), false);
                INSERT INTO week_submissions (tenant_id, id, user_id, week_start, status, submitted_at) VALUES (@tenant, @submission, @person, '2020-01-06', 'Submitted', now());
                INSERT INTO week_submission_events (tenant_id, id, submission_id, kind, actor_user_id, occurred_at) VALUES (@tenant, gen_random_uuid(), @submission, 'Submitted', @person, now());
                INSERT INTO outgoing_emails (tenant_id, id, key, user_id, "to", subject, text_body, not_before, created_at, sent_at, attempts)
                VALUES (@tenant, @question, 'isolation-probe', @person, 'probe@example.test', 'Isolation probe', 'Isolation probe', now(), now(), now(), 1);
                INSERT INTO rates (tenant_id, id, project_id, user_id, effective_from, hourly_amount, set_by_user_id, set_at) VALUES (@tenant, gen_random_uuid(), NULL, @person, '2020-01-01', 99, @person, now());
                INSERT INTO saved_reports (tenant_id, id, owner_user_id, name, query, created_at) VALUES (@tenant, gen_random_uuid(), @person, 'Isolation probe', 'groupBy=Project', now());
                INSERT INTO month_releases (tenant_id, month, released_at) VALUES (@tenant, '2020-01-01', now());
                INSERT INTO released_memberships (tenant_id, month, group_id, user_id) VALUES (@tenant, '2020-01-01', @tenant, @person);
                INSERT INTO released_time (tenant_id, month, id, user_id, project_id, outcome_id, client_id, billable, hourly_rate, duration_ms)
                SELECT @tenant, '2020-01-01', gen_random_uuid(), @person, (SELECT id FROM projects WHERE tenant_id = @tenant LIMIT 1), NULL, NULL, false, NULL, 60000;
                INSERT INTO billing_profiles (tenant_id, legal_name, address, tax_number, payment_terms_days) VALUES (@tenant, 'Isolation probe', 'Probe Street 1', 'PROBE', 30);
                INSERT INTO invoice_counters (tenant_id, year, last_number) VALUES (@tenant, 2020, 1);
                INSERT INTO invoices (tenant_id, id, client_id, first_month, last_month, grouping, currency, status, issue_date, due_date, notes,
                  issuer_name, issuer_address, issuer_tax_number, payment_terms_days, client_name, client_address, client_tax_number, created_by_user_id, created_at)
                VALUES (@tenant, @invoice, @client, '2020-01-01', '2020-01-01', 'Project', 'EUR', 'Draft', '2020-02-01', '2020-03-02', '',
                  '', '', '', 30, 'Isolation probe client', '', '', @person, now());
                INSERT INTO invoice_lines (tenant_id, invoice_id, position, description, project_id, duration_ms, hourly_rate, amount, tax_rate)
                SELECT @tenant, @invoice, 1, 'Isolation probe', (SELECT id FROM projects WHERE tenant_id = @tenant LIMIT 1), 3600000, 100, 100, 0;
                INSERT INTO invoice_months (tenant_id, client_id, month, invoice_id) VALUES (@tenant, @client, '2020-01-01', @invoice);
                INSERT INTO import_batches (tenant_id, id, user_id, scope, file_name, sha256, size_bytes, format_name, status, mappings,
                  bytes_read, rows_read, rejected_rows, to_import, already_imported, imported, cancel_requested, created_at, updated_at)
                VALUES (@tenant, @batch, @person, 'Own', 'probe.csv', repeat('0', 64), 1, 'Toggl Track', 'Cancelled', '{}', 0, 0, 0, 0, 0, 0, false, now(), now());
                INSERT INTO import_file_chunks (tenant_id, batch_id, sequence, data) VALUES (@tenant, @batch, 0, '\x00');
                INSERT INTO import_staged_entries (tenant_id, batch_id, line, entry_id) VALUES (@tenant, @batch, 2, gen_random_uuid());
                INSERT INTO personal_data_exports (tenant_id, id, user_id, status, requested_at) VALUES (@tenant, @personalExport, @person, 'Ready', now());
                INSERT INTO personal_data_export_files (tenant_id, export_id, content) VALUES (@tenant, @personalExport, '\x00');
                """,
                ("tenant", tenant),
                ("person", person),
                ("export", Guid.CreateVersion7()),
                ("survey", Guid.CreateVersion7()),
                ("question", Guid.CreateVersion7()),
                ("client", Guid.CreateVersion7()),
                ("lock", Guid.CreateVersion7()),
                ("token", Guid.CreateVersion7()),
                ("notice", Guid.CreateVersion7()),
                ("submission", Guid.CreateVersion7()),
                ("invoice", Guid.CreateVersion7()),
                ("batch", Guid.CreateVersion7()),
                ("personalExport", Guid.CreateVersion7()));
        }
    }
}

/// <summary>Database-level isolation tests share one <see cref="IsolationFactory"/>.</summary>
[CollectionDefinition(Name)]
public sealed class IsolationCollection : ICollectionFixture<IsolationFactory>
{
    public const string Name = "isolation";
}
