using System.Collections.Frozen;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using NodaTime;
using TimeTrack.Web.Features.Time;

namespace TimeTrack.Web.Features.Admin;

/// <summary>The organization's currency, as the rates page posts it.</summary>
public sealed class CurrencyForm
{
    [Required(ErrorMessage = "Enter the three-letter code of a currency, such as EUR or USD.")]
    [Display(Name = "Currency (ISO 4217 code)")]
    public string? Currency { get; set; }

    /// <summary>The code in capitals, or null with <paramref name="problem"/> when it is not a currency in use.</summary>
    public string? Normalized(out string? problem)
    {
        var code = Currency?.Trim().ToUpperInvariant() ?? "";
        if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
        {
            problem = "Enter a three-letter code, such as EUR or USD.";
            return null;
        }

        if (!Currencies.Known.Contains(code))
        {
            problem = $"{code} is not a currency code in use; enter one such as EUR or USD.";
            return null;
        }

        problem = null;
        return code;
    }
}

/// <summary>ISO 4217 codes of the currencies in use, as the regions the platform knows them name them.</summary>
public static class Currencies
{
    private static readonly Lazy<FrozenSet<string>> Codes = new(Load);

    public static FrozenSet<string> Known => Codes.Value;

    private static FrozenSet<string> Load()
    {
        var codes = new HashSet<string>(StringComparer.Ordinal) { "EUR", "USD", "GBP", "CHF", "JPY" };
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            try
            {
                var symbol = new RegionInfo(culture.Name).ISOCurrencySymbol;
                if (symbol.Length == 3 && symbol.All(char.IsAsciiLetterUpper))
                {
                    codes.Add(symbol);
                }
            }
            catch (ArgumentException)
            {
                // A culture without a region of its own names no currency.
            }
        }

        return codes.ToFrozenSet(StringComparer.Ordinal);
    }
}

/// <summary>
/// A new rate as the rates page posts it. Amounts are read with '.' or ',' as the decimal separator
/// whatever the browser's language; never with a thousands separator.
/// </summary>
public sealed partial class RateForm
{
    /// <summary>The highest amount <c>numeric(12, 2)</c> holds.</summary>
    public const decimal MaximumAmount = 9_999_999_999.99m;

    [Display(Name = "Project")]
    public Guid? ProjectId { get; set; }

    [Display(Name = "Person")]
    public Guid? UserId { get; set; }

    [Required(ErrorMessage = "Enter the day the rate takes effect.")]
    [Display(Name = "Effective from")]
    public string? EffectiveFrom { get; set; }

    [Required(ErrorMessage = "Enter the hourly amount, such as 85.50.")]
    [Display(Name = "Hourly amount")]
    public string? HourlyAmount { get; set; }

    public LocalDate? Day => TimeFormat.ParseDate(EffectiveFrom);

    /// <summary>The amount, or null with <paramref name="problem"/>: at least 0, at most two decimals, '.' as the separator.</summary>
    public decimal? Amount(out string? problem)
    {
        var text = HourlyAmount?.Trim() ?? "";
        // A decimal comma, as most of Europe writes it ("85,50"), reads like a point; a comma followed by
        // three digits could be a thousands separator ("1,000") and is refused rather than guessed.
        if (DecimalComma().IsMatch(text))
        {
            text = text.Replace(',', '.');
        }

        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            problem = text.Contains(',', StringComparison.Ordinal)
                ? "Write the amount without a thousands separator, such as 1000 or 85,50."
                : text.StartsWith('-') ? "The hourly amount cannot be negative."
                : text.Length > 0 && text.All(c => char.IsAsciiDigit(c) || c == '.') && text.Count(c => c == '.') <= 1 ? "The hourly amount is too large."
                : "Enter the hourly amount as a number, such as 85.50.";
            return null;
        }

        if (decimal.Round(amount, 2) != amount)
        {
            problem = "Enter at most two decimals (whole cents).";
            return null;
        }

        if (amount > MaximumAmount)
        {
            problem = "The hourly amount is too large.";
            return null;
        }

        problem = null;
        return amount;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[0-9]*,[0-9]{1,2}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex DecimalComma();
}
