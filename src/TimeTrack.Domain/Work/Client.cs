using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Work;

/// <summary>A client the organization bills; projects may belong to one.</summary>
public sealed class Client : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public bool IsArchived { get; set; }

    /// <summary>Where invoices are addressed; several lines.</summary>
    public string BillingAddress { get; set; } = "";

    /// <summary>The client's tax or VAT number, printed on invoices.</summary>
    public string TaxNumber { get; set; } = "";

    public string? BillingEmail { get; set; }
}
