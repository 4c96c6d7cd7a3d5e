using NodaTime;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Validation;

namespace TimeTrack.Domain.Imports;

/// <summary>Turns one record of a matched export into an <see cref="ImportedEntry"/> or a <see cref="RejectedRow"/>.</summary>
internal sealed class EntryReader(BoundLayout layout, ValueStyles styles)
{
    private static readonly (Column Column, string Name)[] TextColumns =
    [
        (Column.UserName, "user"), (Column.UserLogin, "user"), (Column.FirstName, "first name"), (Column.LastName, "last name"),
        (Column.Email, "email"), (Column.Client, "client"), (Column.Project, "project"), (Column.Task, "task"),
        (Column.Description, "description"), (Column.Tags, "tags"),
    ];

    private TrackerFormat Format => layout.Layout.Format;

    /// <summary>The date values whose order of day and month the file settles.</summary>
    public static IEnumerable<string> Dates(BoundLayout layout, string[] fields)
    {
        yield return layout.Value(fields, Column.Date);
        yield return layout.Value(fields, Column.EndDate);
    }

    /// <summary>The numbers whose decimal separator the file settles.</summary>
    public static IEnumerable<string> Numbers(BoundLayout layout, string[] fields)
    {
        var duration = layout.Value(fields, Column.Duration);
        if (!duration.Contains(':'))
        {
            yield return duration;
        }

        yield return layout.Value(fields, Column.Rate);
        yield return layout.Value(fields, Column.Amount);
    }

    public ImportedRow Read(int line, string[] fields)
    {
        if (fields.Length > layout.HeaderCount)
        {
            return new RejectedRow(line,
                $"the row has {fields.Length} fields but the header has {layout.HeaderCount}; a value holding the delimiter may have lost its quotes");
        }

        string Value(Column column) => layout.Value(fields, column);

        foreach (var (column, name) in TextColumns)
        {
            if (!PlainText.IsPlain(Value(column)))
            {
                return new RejectedRow(line, $"the {name} holds a control character (such as NUL), which cannot be saved");
            }
        }

        var date = Date(Value(Column.Date), "start date");
        if (!date.Ok)
        {
            return new RejectedRow(line, date.Problem);
        }

        Duration? duration = null;
        if (Value(Column.Duration) is { Length: > 0 } durationText)
        {
            var read = ExportValues.ReadDuration(durationText, styles);
            if (!read.Ok)
            {
                return new RejectedRow(line, read.Problem);
            }

            duration = read.Value;
        }

        LocalDateTime? start = null, end = null;
        if (layout.Has(Column.StartTime))
        {
            var span = Span(date.Value, Value, duration);
            if (!span.Ok)
            {
                return new RejectedRow(line, span.Problem);
            }

            (start, end) = (span.Value.Start, span.Value.End);
        }
        else if (duration is null)
        {
            return new RejectedRow(line, "the duration is missing");
        }

        var billable = Billable(Value(Column.Billable));
        if (!billable.Ok)
        {
            return new RejectedRow(line, billable.Problem);
        }

        var rate = Money(Value(Column.Rate), "rate");
        var amount = Money(Value(Column.Amount), "amount");
        if ((rate.Problem ?? amount.Problem) is { } moneyProblem)
        {
            return new RejectedRow(line, moneyProblem);
        }

        var currency = layout.CurrencyFromHeader;
        if (currency is null && Value(Column.Currency) is { Length: > 0 } currencyText && (rate.Value is not null || amount.Value is not null))
        {
            currency = CurrencyCode(currencyText);
            if (currency is null)
            {
                return new RejectedRow(line, $"'{ExportValues.Show(currencyText)}' is not a currency (such as EUR or 'Euro - EUR')");
            }
        }

        return new ImportedEntry(line)
        {
            Format = Format,
            UserEmail = Text(Value(Column.Email)),
            UserName = UserName(Value),
            Client = Text(Value(Column.Client)),
            Project = Text(Value(Column.Project)),
            Task = Text(Value(Column.Task)),
            Description = Text(Value(Column.Description)),
            Tags = Tags(Value(Column.Tags)),
            Billable = billable.Value,
            Date = date.Value,
            Start = start,
            End = end,
            Duration = duration,
            Rate = rate.Value,
            Amount = amount.Value,
            Currency = rate.Value is null && amount.Value is null ? null : currency,
        };
    }

    /// <summary>
    /// Start and end from the clock times. Toggl and Clockify write the end's date: an entry across
    /// midnight ends on the next date, and an end before the start on the same date is an error. Kimai
    /// writes only the start's date: an end before the start is on the next day, and whole days more
    /// when the stated duration says so.
    /// </summary>
    private Read<(LocalDateTime Start, LocalDateTime End)> Span(LocalDate date, Func<Column, string> value, Duration? duration)
    {
        var startText = value(Column.StartTime);
        var endText = value(Column.EndTime);
        if (startText.Length == 0 || endText.Length == 0)
        {
            return Fail<(LocalDateTime, LocalDateTime)>(startText.Length == 0 ? "the start time is missing" : "the end time is missing (was the timer still running?)");
        }

        var startTime = ExportValues.ReadTime(startText);
        var endTime = ExportValues.ReadTime(endText);
        if (!startTime.Ok || !endTime.Ok)
        {
            return Fail<(LocalDateTime, LocalDateTime)>(startTime.Problem ?? endTime.Problem ?? "");
        }

        var start = date + startTime.Value;
        LocalDateTime end;
        if (layout.Has(Column.EndDate))
        {
            var endDate = Date(value(Column.EndDate), "end date");
            if (!endDate.Ok)
            {
                return Fail<(LocalDateTime, LocalDateTime)>(endDate.Problem);
            }

            end = endDate.Value + endTime.Value;
            if (end < start)
            {
                return Fail<(LocalDateTime, LocalDateTime)>(endDate.Value == date
                    ? $"the end {ExportValues.Show(endTime.Value)} is before the start {ExportValues.Show(startTime.Value)}"
                    : $"the end {endDate.Value:uuuu-MM-dd} {ExportValues.Show(endTime.Value)} is before the start {date:uuuu-MM-dd} {ExportValues.Show(startTime.Value)}");
            }
        }
        else
        {
            end = date + endTime.Value;
            if (end < start)
            {
                end = end.PlusDays(1);
            }

            // Whole days the clock times cannot show are in the stated duration (rounded, so that a
            // daylight-saving hour does not count as a day).
            if (duration is { } stated)
            {
                var wallSeconds = Period.Between(start, end, PeriodUnits.Seconds).Seconds;
                var days = Math.Round((stated.TotalSeconds - wallSeconds) / 86_400);
                if (days >= 1)
                {
                    end = end.PlusDays((int)days);
                }
            }
        }

        return new((start, end), null);
    }

    private Read<LocalDate> Date(string text, string name)
    {
        if (text.Length == 0)
        {
            return Fail<LocalDate>($"the {name} is missing");
        }

        var read = ExportValues.ReadDate(text, styles);
        if (read.Ok && !SupportedDates.Contains(read.Value))
        {
            return Fail<LocalDate>($"the {name} {read.Value:uuuu-MM-dd} is outside the dates the app accepts ({SupportedDates.RangeText})");
        }

        return read;
    }

    private Read<decimal?> Money(string text, string name)
    {
        if (text.Length == 0)
        {
            return new(null, null);
        }

        var read = ExportValues.ReadNumber(text, styles);
        return read.Ok ? new(read.Value, null) : Fail<decimal?>($"the {name} {read.Problem}");
    }

    private static Read<bool?> Billable(string text) => text.ToUpperInvariant() switch
    {
        "" => new(null, null),
        "YES" or "Y" or "TRUE" or "1" or "JA" or "OUI" or "SÍ" or "SI" => new(true, null),
        "NO" or "N" or "FALSE" or "0" or "NEIN" or "NON" or "NEE" => new(false, null),
        _ => Fail<bool?>($"'{ExportValues.Show(text)}' is not Yes or No (billable)"),
    };

    private static string? UserName(Func<Column, string> value)
    {
        var name = Text(value(Column.UserName)) ?? Text(value(Column.UserLogin));
        return name ?? Text($"{value(Column.FirstName)} {value(Column.LastName)}".Trim());
    }

    /// <summary>"EUR", or Harvest's "Euro - EUR".</summary>
    private static string? CurrencyCode(string text)
    {
        var code = text.AsSpan();
        var dash = code.LastIndexOf(" - ");
        if (dash >= 0)
        {
            code = code[(dash + 3)..];
        }

        code = code.Trim();
        return code.Length == 3 && char.IsAsciiLetter(code[0]) && char.IsAsciiLetter(code[1]) && char.IsAsciiLetter(code[2])
            ? code.ToString().ToUpperInvariant()
            : null;
    }

    /// <summary>Toggl, Clockify and Kimai join tags with commas in one field.</summary>
    private static string[] Tags(string text) =>
        text.Length == 0 ? [] : [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)];

    private static string? Text(string text) => text.Length == 0 ? null : text;

    private static Read<T> Fail<T>(string problem) => Read<T>.Fail(problem);
}
