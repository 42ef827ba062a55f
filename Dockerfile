# syntax=docker/dockerfile:1
# The portal runs its TypeScript directly on Node 24: no build step, so the first stage only
# installs the production dependencies (native ones such as @node-rs/argon2 come prebuilt for
# linux-x64/arm64 glibc, which bookworm is) and the second copies them beside the source.
# See docs/deploy.md.

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=dev also leaves out the `node` package the npm scripts use: the image runs its own node.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    PORTAL_DATA_DIR=/var/lib/portal
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# The image's `node` user (uid 1000) owns only the data folder; the code stays read-only to it.
RUN mkdir -p /var/lib/portal && chown node:node /var/lib/portal
USER node
VOLUME ["/var/lib/portal"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "core/cli/portal.ts", "start", "--config", "deploy/portal.yaml"]
