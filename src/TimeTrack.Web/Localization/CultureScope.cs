using System.Globalization;

namespace TimeTrack.Web.Localization;

/// <summary>
/// Writes in a person's language outside their own request (an email a job sends them): sets the
/// current culture and UI culture, which the shared localizer and <see cref="Features.Time.TimeFormat"/>
/// read, and puts the previous ones back when disposed.
/// </summary>
public sealed class CultureScope : IDisposable
{
    private readonly CultureInfo _previous;
    private readonly CultureInfo _previousUi;

    private CultureScope(CultureInfo culture)
    {
        _previous = CultureInfo.CurrentCulture;
        _previousUi = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    public static CultureScope Use(CultureInfo culture) => new(culture);

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _previous;
        CultureInfo.CurrentUICulture = _previousUi;
    }
}
