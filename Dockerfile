# Build a static mos binary, then ship it alone on a minimal base with CA certificates and time zones.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# `docker build --build-arg VERSION=v1.2.0 --build-arg COMMIT=$(git rev-parse HEAD) .` stamps `mos version`.
ARG VERSION=
ARG COMMIT=
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w -X main.version=${VERSION} -X main.commit=${COMMIT}" -o /out/mos ./cmd/mos

# distroless/static ships CA certificates and tzdata and runs as a non-root user (65532).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/mos /usr/local/bin/mos
COPY --from=build /src/examples /examples
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/mos"]
CMD ["serve"]
