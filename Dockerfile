# syntax=docker/dockerfile:1
# Candor's image: the built server, job worker, CLI and health check, with production dependencies only, run
# as the unprivileged user `node`. One image for every role; compose.yaml chooses the command:
#   app server  node build/server/main.js            (the default; set CANDOR_WORKER=off when a worker runs)
#   worker      node build/server/worker.js
#   migrations  node build/server/candor.js migrate  (and every other CLI command)
# docs/self-hosting.md explains the settings; the README's "Configuration" table lists them all.
ARG NODE_IMAGE=node:20-bookworm-slim

# 1. Build with every dependency (Vite, Remix's compiler, esbuild and tsx are development dependencies).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
# The prepared PGlite data directories in build/pglite keep PostgreSQL's 0600 file modes: made readable here,
# or `node` could not copy them into a new embedded database (found running the image's layout as a non-root user).
RUN npm run build && chmod -R a+rX build

# 2. Production dependencies only, installed apart from the build so that no build tool reaches the image.
FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. The image: node_modules, the build, and package.json (its "type": "module" makes build/server/*.js ES modules).
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    PGLITE_DIR=/data/pglite \
    OUTBOX_DIR=/data/outbox \
    CANDOR_SECRET_KEY_FILE=/data/secret-key
WORKDIR /app
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY package.json ./
# The only place the process may write: the outbox when SMTP_URL is unset, and, for a single container without
# DATABASE_URL, the embedded database and its secret key (mount a volume there). The code stays root's, read-only.
# The folders exist in the image so that a new named volume mounted on them takes their owner, `node`.
RUN mkdir -p /data/outbox && chown -R node:node /data
USER node
EXPOSE 3000
# The server's GET /healthz (200 when its database answers). The worker has no HTTP port: compose.yaml gives it
# `node build/server/healthcheck.js --worker` (a scheduler run completed in the last 3 minutes).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "build/server/healthcheck.js"]
CMD ["node", "build/server/main.js"]
