using System.Diagnostics.CodeAnalysis;

namespace TimeTrack.Domain.Imports;

/// <summary>The exports of other time trackers that can be read.</summary>
public enum TrackerFormat
{
    /// <summary>Toggl Track, Reports → Detailed → CSV.</summary>
    TogglTrack,

    /// <summary>Clockify, Reports → Detailed → CSV.</summary>
    Clockify,

    /// <summary>Harvest, Reports → Detailed time → CSV.</summary>
    Harvest,

    /// <summary>Kimai, the timesheet export as CSV.</summary>
    Kimai,
}

/// <summary>What a column of an export means, whatever the vendor calls it.</summary>
internal enum Column
{
    UserName,
    UserLogin,
    FirstName,
    LastName,
    Email,
    Client,
    Project,
    Task,
    Description,
    Tags,
    Billable,
    Date,
    StartTime,
    EndDate,
    EndTime,
    Duration,
    Rate,
    Amount,
    Currency,
}

/// <summary>
/// A column as a vendor names it. Names are matched without regard to case or surrounding blanks; the
/// first name listed that the header has wins. <see cref="CurrencyInName"/> also matches "Name (EUR)"
/// and takes the currency from the brackets.
/// </summary>
internal sealed record ColumnName(Column Column, bool Required, bool CurrencyInName, params string[] Names);

/// <summary>The columns of one vendor's export.</summary>
internal sealed record ExportLayout(TrackerFormat Format, string Name, IReadOnlyList<ColumnName> Columns)
{
    /// <summary>Most specific first: Clockify's header shares Toggl's start and end columns.</summary>
    public static IReadOnlyList<ExportLayout> All { get; } =
    [
        new(TrackerFormat.Clockify, "Clockify detailed report (CSV)",
        [
            new(Column.Project, false, false, "Project"),
            new(Column.Client, false, false, "Client"),
            new(Column.Description, false, false, "Description"),
            new(Column.Task, false, false, "Task", "Activity"),
            new(Column.UserName, false, false, "User"),
            new(Column.Email, false, false, "Email"),
            new(Column.Tags, false, false, "Tags"),
            new(Column.Billable, false, false, "Billable"),
            new(Column.Date, true, false, "Start Date"),
            new(Column.StartTime, true, false, "Start Time"),
            new(Column.EndDate, true, false, "End Date"),
            new(Column.EndTime, true, false, "End Time"),
            new(Column.Duration, true, false, "Duration (h)", "Duration (decimal)"),
            new(Column.Rate, false, true, "Billable Rate"),
            new(Column.Amount, false, true, "Billable Amount"),
        ]),
        new(TrackerFormat.TogglTrack, "Toggl Track detailed report (CSV)",
        [
            new(Column.UserName, false, false, "User"),
            new(Column.Email, false, false, "Email"),
            new(Column.Client, false, false, "Client"),
            new(Column.Project, false, false, "Project"),
            new(Column.Task, false, false, "Task"),
            new(Column.Description, false, false, "Description"),
            new(Column.Billable, false, false, "Billable"),
            new(Column.Date, true, false, "Start date"),
            new(Column.StartTime, true, false, "Start time"),
            new(Column.EndDate, true, false, "End date"),
            new(Column.EndTime, true, false, "End time"),
            new(Column.Duration, true, false, "Duration"),
            new(Column.Tags, false, false, "Tags"),
            new(Column.Amount, false, true, "Amount"),
        ]),
        new(TrackerFormat.Kimai, "Kimai export (CSV)", KimaiHeaders.Columns),
        new(TrackerFormat.Harvest, "Harvest detailed time report (CSV)",
        [
            new(Column.Date, true, false, "Date"),
            new(Column.Client, false, false, "Client"),
            new(Column.Project, false, false, "Project"),
            new(Column.Task, false, false, "Task"),
            new(Column.Description, true, false, "Notes"),
            new(Column.Duration, true, false, "Hours"),
            new(Column.Billable, false, false, "Billable?"),
            new(Column.FirstName, false, false, "First Name"),
            new(Column.LastName, false, false, "Last Name"),
            new(Column.Rate, false, false, "Billable Rate"),
            new(Column.Amount, false, false, "Billable Amount"),
            new(Column.Currency, false, false, "Currency"),
        ]),
    ];

    /// <summary>The name of Kimai's spreadsheet export, which has the columns of its CSV export.</summary>
    public const string KimaiWorkbookName = "Kimai export (XLSX)";

    public static string AcceptedFormats { get; } = string.Join(", ", All.Select(l => l.Name).Append(KimaiWorkbookName).Order(StringComparer.Ordinal));

    /// <summary>The layout whose required columns the header has, or null with the reason.</summary>
    public static bool TryMatch(string[] header, [NotNullWhen(true)] out BoundLayout? layout, [NotNullWhen(false)] out string? problem)
    {
        var names = header.Select(h => h.Trim()).ToArray();
        (ExportLayout Layout, string[] Missing)? closest = null;
        foreach (var candidate in All)
        {
            var bound = candidate.Bind(names, out var missing);
            if (bound is not null)
            {
                (layout, problem) = (bound, null);
                return true;
            }

            var found = candidate.Columns.Count(c => c.Required) - missing.Length;
            if (found >= 2 && (closest is null || missing.Length < closest.Value.Missing.Length))
            {
                closest = (candidate, missing);
            }
        }

        problem = $"The first line of the file is not the header of an export that can be read. Accepted: {AcceptedFormats}."
            + (closest is { } c
                ? $" It looks like a {c.Layout.Name} but lacks the column{(c.Missing.Length > 1 ? "s" : "")} {string.Join(", ", c.Missing.Select(m => $"'{m}'"))}."
                : "");
        layout = null;
        return false;
    }

    private BoundLayout? Bind(string[] header, out string[] missing)
    {
        var index = new int[Enum.GetValues<Column>().Length];
        Array.Fill(index, -1);
        string? currency = null;
        var lacking = new List<string>();
        foreach (var column in Columns)
        {
            foreach (var name in column.Names)
            {
                var at = Array.FindIndex(header, h => Named(h, name, column.CurrencyInName, out _));
                if (at >= 0)
                {
                    index[(int)column.Column] = at;
                    if (column.CurrencyInName && Named(header[at], name, true, out var inName) && inName is not null)
                    {
                        currency ??= inName;
                    }

                    break;
                }
            }

            if (column.Required && index[(int)column.Column] < 0)
            {
                lacking.Add(column.Names[0]);
            }
        }

        missing = [.. lacking];
        return missing.Length == 0 ? new BoundLayout(this, index, header.Length, currency) : null;
    }

    /// <summary>Whether a header cell is the name, or with <paramref name="currencyInName"/> "name (XYZ)".</summary>
    private static bool Named(string cell, string name, bool currencyInName, out string? currency)
    {
        currency = null;
        if (cell.Equals(name, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!currencyInName || !cell.StartsWith(name, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = cell.AsSpan(name.Length).Trim();
        if (rest.Length < 2 || rest[0] != '(' || rest[^1] != ')')
        {
            return false;
        }

        // Toggl writes "Amount ()" when the workspace has no currency.
        var inside = rest[1..^1].Trim();
        currency = inside.Length == 0 ? null : inside.ToString().ToUpperInvariant();
        return true;
    }
}

/// <summary>
/// The columns of Kimai's timesheet export in the languages it writes them in: Kimai names the header
/// in the exporting user's language. One row a column, in the order English, German, French, Dutch,
/// Spanish. English is Kimai's export as documented; the translations are the labels of Kimai's
/// translation files (translations/messages.{de,fr,nl,es}.xlf: date, begin, end, duration, currency,
/// rate, hourlyRate, name, user, email, customer, project, activity, description, billable, tags) as
/// written here from what we know of them, not checked against a live export in each language. A
/// header that differs is refused naming the required columns it lacks; an optional column named
/// otherwise is simply not read.
/// </summary>
internal static class KimaiHeaders
{
    private static readonly (Column Column, bool Required, string[] Names)[] Table =
    [
        // Column                 English          German           French          Dutch            Spanish
        (Column.Date, true, ["Date", "Datum", "Date", "Datum", "Fecha"]),
        (Column.StartTime, true, ["From", "Von", "De", "Van", "Desde"]),
        (Column.EndTime, true, ["To", "Bis", "À", "Tot", "Hasta"]),
        (Column.Duration, true, ["Duration", "Dauer", "Durée", "Duur", "Duración"]),
        (Column.Currency, false, ["Currency", "Währung", "Devise", "Valuta", "Moneda"]),
        (Column.Amount, false, ["Price", "Preis", "Prix", "Prijs", "Precio"]),
        (Column.Rate, false, ["Hourly price", "Stundensatz", "Prix horaire", "Uurprijs", "Precio por hora"]),
        (Column.UserName, false, ["Name", "Name", "Nom", "Naam", "Nombre"]),
        (Column.UserLogin, false, ["User", "Benutzer", "Utilisateur", "Gebruiker", "Usuario"]),
        (Column.Email, false, ["E-mail", "E-Mail", "E-mail", "E-mail", "Correo electrónico"]),
        (Column.Client, false, ["Customer", "Kunde", "Client", "Klant", "Cliente"]),
        (Column.Project, false, ["Project", "Projekt", "Projet", "Project", "Proyecto"]),
        (Column.Task, false, ["Activity", "Tätigkeit", "Activité", "Activiteit", "Actividad"]),
        (Column.Description, false, ["Description", "Beschreibung", "Description", "Omschrijving", "Descripción"]),
        (Column.Billable, false, ["Billable", "Abrechenbar", "Facturable", "Factureerbaar", "Facturable"]),
        (Column.Tags, false, ["Tags", "Schlagworte", "Tags", "Tags", "Etiquetas"]),
    ];

    /// <summary>Each column with its names, English first (the name a problem quotes), without repeats.</summary>
    public static IReadOnlyList<ColumnName> Columns { get; } =
        [.. Table.Select(row => new ColumnName(row.Column, row.Required, false, [.. row.Names.Distinct(StringComparer.OrdinalIgnoreCase)]))];
}

/// <summary>A layout matched to one file's header: where each column is.</summary>
internal sealed record BoundLayout(ExportLayout Layout, int[] Index, int HeaderCount, string? CurrencyFromHeader)
{
    public bool Has(Column column) => Index[(int)column] >= 0;

    /// <summary>The trimmed value of a column in a record; empty when the file lacks the column or the record is short.</summary>
    public string Value(string[] fields, Column column)
    {
        var at = Index[(int)column];
        return at >= 0 && at < fields.Length ? fields[at].Trim() : "";
    }
}
