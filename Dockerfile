# syntax=docker/dockerfile:1
# Wishcast's official image: docker build -t wishcast .  (compose.yaml builds and runs it; docs/running.md).
# The build stage runs what CI runs (.ci/run): `npm install --no-audit --no-fund`, then `npm run build`
# (npm ci cannot be used with this project's registry: docs/testing.md). The image starts node itself,
# with `npm start`'s flags, so node is the process that gets SIGTERM and drains.

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund \
  && rm -rf tests bench .ci .git

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4321 \
    MALLOC_ARENA_MAX=2 \
    DATA_DIR=/app/data \
    ASTRO_TELEMETRY_DISABLED=1
WORKDIR /app
COPY --from=build --chown=root:root /app /app
# The build is newer than every source it came from, so scripts/start.ts never rebuilds in the image.
RUN touch /app/dist/server/entry.mjs \
  && mkdir -p /app/data \
  && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 4321
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4321)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--max-semi-space-size=4", "--heap-growing-percent=50", "scripts/start.ts"]
