using System.Security.Cryptography;
using System.Text;

namespace TimeTrack.Web.Tenancy;

/// <summary>
/// How secrets handed out once (invitation links, personal access tokens) are stored: SHA-256 in
/// lowercase hex. The secrets are long and random, so a fast hash is enough; only the hash is kept.
/// </summary>
public static class SecretHash
{
    public static string Of(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
