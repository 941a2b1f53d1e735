# One image for every app; docker-compose picks the app with APP (gateway, auth-service, crm-service,
# directory-service, sync-service, dataverse-emulator).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN NX_DAEMON=false npx nx run-many -t build --parallel=2

FROM node:24-bookworm-slim AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY tools/stack/app-node-flags.js ./tools/stack/app-node-flags.js
USER node
ENV APP=gateway
# Every app drains on SIGTERM (SHUTDOWN_GRACE_MS) and exits 0; `exec` makes node the process that receives it.
STOPSIGNAL SIGTERM
# Each app with its V8 flags and environment (tools/stack/app-node-flags.js, shared with `npm start` and the test stack).
CMD ["sh", "-c", "exec env $(node -p \"Object.entries(require('./tools/stack/app-node-flags.js').processEnvOf(process.env.APP)).map(([name, value]) => name + '=' + value).join(' ')\") node $(node -p \"require('./tools/stack/app-node-flags.js').nodeFlagsOf(process.env.APP).join(' ')\") dist/apps/${APP}/main.js"]
