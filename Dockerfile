# syntax=docker/dockerfile:1
#
# TimeTrack web app. Build:  docker build -t timetrack-web .
# The entrypoint is `dotnet TimeTrack.Web.dll`, so arguments pass through:
#   docker run ... timetrack-web migrate --seed-demo     (apply migrations as the owner role, then exit)
#   docker run ... timetrack-web                          (serve on port 8080)
# Configuration comes from the environment, e.g. ConnectionStrings__TimeTrack (app role) and, for
# `migrate`, ConnectionStrings__TimeTrackMigrator (owner role). Serving outside Development also needs
# TimeTrack__PublicBaseUrl (https://...) and usually TimeTrack__KnownProxies__0 or
# TimeTrack__KnownNetworks__0 for the TLS proxy in front: see docs/deployment/reverse-proxy.md and docker-compose.yml.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1

# Build configuration first, then the sources (tests are not part of the image).
COPY global.json Directory.Build.* Directory.Packages.props .editorconfig ./
COPY src/ src/
RUN --mount=type=cache,id=timetrack-nuget,target=/root/.nuget/packages \
    dotnet restore src/TimeTrack.Web/TimeTrack.Web.csproj
RUN --mount=type=cache,id=timetrack-nuget,target=/root/.nuget/packages \
    dotnet publish src/TimeTrack.Web/TimeTrack.Web.csproj -c Release --no-restore \
        -o /app/publish -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1

# The app files stay owned by root (read-only for the app); only App_Data (e.g. the development
# mail pickup folder App_Data/mail) is writable by the non-root app user.
COPY --from=build /app/publish ./
RUN mkdir -p /app/App_Data/mail && chown -R "$APP_UID" /app/App_Data

USER $APP_UID
EXPOSE 8080

# The image has no curl/wget: ask /health/live over bash's /dev/tcp. Outside Development the app
# redirects plain HTTP to HTTPS; X-Forwarded-Proto makes the probe count as HTTPS because loopback is
# a trusted proxy (the default; when you set TimeTrack__KnownProxies, list 127.0.0.1 too), and
# "localhost" is always an allowed host.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/live HTTP/1.0\\r\\nHost: localhost\\r\\nX-Forwarded-Proto: https\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

ENTRYPOINT ["dotnet", "TimeTrack.Web.dll"]
