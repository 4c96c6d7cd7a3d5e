namespace TimeTrack.Domain.Digests;

/// <summary>Computes the digest of one person-week from their entries. Pure and deterministic.</summary>
public static class DigestBuilder
{
    public static DigestContent Build(DigestInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        throw new NotImplementedException("Being written.");
    }
}
