using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Api;

/// <summary>The API tests write entries and tokens, so they get their own app and database.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<TimeTrackFactory>
{
    public const string Name = "api";
}

/// <summary>Drives the API the way a generated client would: bearer header, JSON bodies in snake_case.</summary>
public static class ApiClients
{
    /// <summary>Creates a token on the API tokens page as <paramref name="email"/> and returns its value.</summary>
    public static async Task<string> CreateTokenAsync(this TimeTrackFactory factory, string email, string org, string name = "Test client")
    {
        var browser = factory.CreateBrowserlikeClient();
        await browser.LogInAsync(email);
        var response = await browser.SubmitAsync($"/{org}/settings/tokens", new Dictionary<string, string>
        {
            ["NewToken.Name"] = name,
            ["NewToken.LifetimeDays"] = "30",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await Forms.ParseAsync(response)).QuerySelector("#created-token")?.TextContent.Trim();
        Assert.NotNull(token);
        return token;
    }

    /// <summary>A client without cookies that sends <paramref name="token"/> as a bearer token.</summary>
    public static HttpClient CreateApiClient(this TimeTrackFactory factory, string? token)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(body) ?? throw new InvalidOperationException("Empty JSON body.");
    }

    /// <summary>Asserts an RFC 9457 problem with <paramref name="status"/> and returns it.</summary>
    public static async Task<JsonNode> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body) ?? throw new InvalidOperationException("Empty problem body.");
        Assert.Equal((int)status, problem["status"]?.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
        return problem;
    }

    /// <summary>The messages of one field in a problem's <c>errors</c> object.</summary>
    public static IReadOnlyList<string> FieldErrors(this JsonNode problem, string field) =>
        problem["errors"]?[field]?.AsArray().Select(m => m?.GetValue<string>() ?? "").ToList() ?? [];

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body);

    public static async Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object? body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }
}
