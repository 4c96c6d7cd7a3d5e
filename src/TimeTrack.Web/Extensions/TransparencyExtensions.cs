using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Extensions;

public static class TransparencyExtensions
{
    /// <summary>The policy store and publisher, the door to person data, the access log's recorder and a person's own data exports.</summary>
    public static IHostApplicationBuilder AddTimeTrackTransparency(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PolicyStore>();
        builder.Services.AddScoped<PolicyPublisher>();
        builder.Services.AddScoped<AccessRecorder>();
        builder.Services.AddScoped<ViewerDirectory>();
        builder.Services.AddScoped<PersonDataDoor>();
        builder.Services.AddScoped<PersonWeekReader>();
        builder.Services.AddScoped<Features.Team.TeamWeekReader>();
        builder.Services.AddScoped<Features.Digests.DigestReader>();
        builder.Services.AddScoped<Features.Admin.RatesReader>();
        builder.Services.AddScoped<Features.Approval.ApprovalReader>();
        builder.Services.AddScoped<Features.Team.DashboardReader>();
        builder.Services.AddScoped<Reports.ReportRunner>();
        builder.Services.AddScoped<Reports.GroupReports>();
        builder.Services.AddScoped<MonthReleases>();
        builder.Services.AddScoped<GroupFigures>();
        builder.Services.AddScoped<Features.Invoices.InvoiceService>();
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<PulseSurveys>();
        builder.Services.AddScoped<Features.MyData.PersonalDataExports>();
        builder.Services.AddScoped<Features.MyData.PersonalDataArchive>();
        return builder;
    }
}
