using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using NodaTime;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Validation;

namespace TimeTrack.Web.Infrastructure.Input;

/// <summary>Text without control characters other than tab and line breaks (<see cref="PlainText"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class PlainTextAttribute : ValidationAttribute
{
    public PlainTextAttribute()
        : base(PlainText.Message)
    {
    }

    public override bool IsValid(object? value) => value is not string text || PlainText.IsPlain(text);
}

/// <summary>
/// A date in <see cref="SupportedDates"/>: typed dates (<see cref="DateOnly"/>, <see cref="DateTime"/>,
/// <see cref="DateTimeOffset"/>, <see cref="LocalDate"/>) or text that must be empty or yyyy-MM-dd.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class SupportedDateAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        var problem = value switch
        {
            string text => SupportedDates.Read(text).Problem,
            LocalDate date => Outside(SupportedDates.Contains(date)),
            DateOnly date => Outside(SupportedDates.Contains(new LocalDate(date.Year, date.Month, date.Day))),
            DateTime time => Outside(time.Year is >= 1900 and <= 2200 && SupportedDates.Contains(LocalDate.FromDateTime(time))),
            DateTimeOffset time => Outside(SupportedDates.Contains(time)),
            _ => null,
        };
        return problem is null ? ValidationResult.Success : new ValidationResult(problem, MemberNames(validationContext));
    }

    private static string? Outside(bool supported) => supported ? null : SupportedDates.OutOfRangeMessage;

    private static string[]? MemberNames(ValidationContext context) => context.MemberName is { } name ? [name] : null;
}

/// <summary>
/// Gives every bound input the rules no input may go without, so that a new view model or API request
/// is covered without remembering to: every text is <see cref="PlainTextAttribute">plain</see> and at most
/// <see cref="InputLimits.LongestText"/> characters unless it declares a length of its own, and every
/// typed date is a <see cref="SupportedDateAttribute">supported date</see>.
/// </summary>
public sealed class InputValidationMetadataProvider : IValidationMetadataProvider
{
    private static readonly Type[] DateTypes = [typeof(DateOnly), typeof(DateTime), typeof(DateTimeOffset), typeof(LocalDate)];

    public void CreateValidationMetadata(ValidationMetadataProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var type = Nullable.GetUnderlyingType(context.Key.ModelType) ?? context.Key.ModelType;
        var validators = context.ValidationMetadata.ValidatorMetadata;
        if (type == typeof(string))
        {
            if (!validators.OfType<PlainTextAttribute>().Any())
            {
                validators.Add(new PlainTextAttribute());
            }

            if (!validators.Any(v => v is StringLengthAttribute or MaxLengthAttribute))
            {
                validators.Add(new StringLengthAttribute(InputLimits.LongestText)
                {
                    ErrorMessage = string.Create(CultureInfo.InvariantCulture, $"Use at most {InputLimits.LongestText:N0} characters."),
                });
            }
        }
        else if (DateTypes.Contains(type) && !validators.OfType<SupportedDateAttribute>().Any())
        {
            validators.Add(new SupportedDateAttribute());
        }
    }
}
