# syntax=docker/dockerfile:1
# Open CloudSSO: build once in the first stage, run the compiled server as a non-root user.
#   docker build -t open-cloudsso .
#   docker run -p 8080:8080 -v cloudsso-data:/var/lib/cloudsso open-cloudsso
# See README.md, "Run in production".

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Dependencies first (cached while only sources change). --ignore-scripts skips our `prepare`
# (the sources are not copied yet); better-sqlite3's own install step is then run explicitly.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    CLOUDSSO_HOST=0.0.0.0 \
    CLOUDSSO_PORT=8080 \
    CLOUDSSO_DATA_DIR=/var/lib/cloudsso
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
# The data dir belongs to the unprivileged `node` user of the base image (uid 1000).
RUN mkdir -p /var/lib/cloudsso && chown node:node /var/lib/cloudsso && chmod 0700 /var/lib/cloudsso
USER node
VOLUME ["/var/lib/cloudsso"]
EXPOSE 8080
# Ready: the database answers, every migration is applied, the SQLite file is still there.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.CLOUDSSO_PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 and handles SIGTERM itself (finishes requests in flight, closes the store);
# it starts no child processes, so there is nothing to reap. No build happens at start.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "bin/cloudsso.js"]
CMD ["serve"]
