using System.Globalization;

namespace TimeTrack.Web.Localization;

/// <summary>
/// Writes in a person's language outside their own request (an email a job sends them): sets the
/// current culture and UI culture, which the shared localizer and <see cref="Features.Time.TimeFormat"/>
/// read, and puts the previous ones back when disposed.
/// </summary>
public sealed class CultureScope : IDisposable
{
    private readonly CultureInfo previous;
    private readonly CultureInfo previousUi;

    private CultureScope(CultureInfo culture)
    {
        previous = CultureInfo.CurrentCulture;
        previousUi = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    public static CultureScope Use(CultureInfo culture) => new(culture);

    public void Dispose()
    {
        CultureInfo.CurrentCulture = previous;
        CultureInfo.CurrentUICulture = previousUi;
    }
}
