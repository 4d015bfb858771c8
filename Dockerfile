# GeoDns container image: build with the .NET 10 SDK, run on the ASP.NET Core runtime (the admin
# API runs on Kestrel; src/GeoDns.Server has a FrameworkReference to Microsoft.AspNetCore.App).
#
#   docker build --build-arg SOURCE_REVISION="$(git rev-parse HEAD)" -t geodns .
#   docker run -d --name geodns -p 53:53/udp -p 53:53/tcp -p 127.0.0.1:8053:8053 geodns
#   docker run --rm geodns --version
#
# The image serves the sample configuration and zones; mount your own over /etc/geodns (the
# configuration, deploy/container/geodns.json here, and its zones/ directory) and keep
# /var/lib/geodns (admin overrides, Health:StateFile; last good zone copies, Zones:LastGoodDirectory) on a volume. See README.md, "Container".

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The commit for "geodns --version" (the build context has no .git, see .dockerignore).
ARG SOURCE_REVISION=""
WORKDIR /src
# Restore first, from the project files only, so the layer is reused until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/GeoDns.Core/GeoDns.Core.csproj src/GeoDns.Core/
COPY src/GeoDns.Server/GeoDns.Server.csproj src/GeoDns.Server/
RUN dotnet restore src/GeoDns.Server/GeoDns.Server.csproj
COPY src/ src/
RUN dotnet publish src/GeoDns.Server/GeoDns.Server.csproj -c Release --no-restore -o /app \
        -p:SourceRevisionId="${SOURCE_REVISION}" \
    && rm -f /app/*.xml

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app/ /app/
# Port 53 as a non-root user. The process must hold CAP_NET_BIND_SERVICE, and a non-root user gets
# it from a file capability on the executable it runs: setcap on the apphost /app/geodns (it loads
# the runtime in-process, so the capability holds for the server; setcap on /usr/share/dotnet/dotnet
# would hand it to every .NET program in the image). It is set here, in the final stage, because
# COPY --from does not reliably keep the security.capability xattr (moby/buildkit#2250). It takes
# effect only if the runtime leaves CAP_NET_BIND_SERVICE in the container's bounding set (Docker and
# Podman do by default; with --cap-drop ALL add --cap-add NET_BIND_SERVICE) and does not set
# no_new_privs (docker --security-opt no-new-privileges, Kubernetes allowPrivilegeEscalation: false),
# which makes the kernel ignore file capabilities. There, lower the unprivileged port range instead:
# docker run --sysctl net.ipv4.ip_unprivileged_port_start=53 (Docker 20.10+ already sets it to 0
# in a container's own network namespace) or the Kubernetes pod sysctl of the same name.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libcap2-bin \
    && setcap cap_net_bind_service=+ep /app/geodns \
    && apt-get purge -y libcap2-bin && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*

# The configuration and zones: "geodns.json in the working directory" is the default config file.
COPY deploy/container/geodns.json /etc/geodns/geodns.json
COPY zones/ /etc/geodns/zones/
RUN mkdir -p /var/lib/geodns && chown "$APP_UID" /var/lib/geodns
VOLUME ["/etc/geodns", "/var/lib/geodns"]
WORKDIR /etc/geodns

# DNS on every address of the container (Listen "*:53"), the admin API on 8053.
EXPOSE 53/udp 53/tcp 8053/tcp
# The non-root user the .NET images define (app, UID 1654).
USER $APP_UID
# The runtime image has no curl or wget: geodns probes its own /healthz (exit 0 when the DNS
# listeners serve).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/app/geodns", "healthcheck", "--url", "http://127.0.0.1:8053/healthz"]
# SIGTERM (docker stop) shuts the server down gracefully.
ENTRYPOINT ["/app/geodns"]
CMD ["serve"]
