#!/usr/bin/env bash
# Runs the Dockerfile's steps without Docker, on what `npm pack` ships, in a scratch folder:
# the build stage (npm ci, build, prune), then the runtime stage's files started as an
# unprivileged user, the HEALTHCHECK command, and a SIGTERM that must end the server cleanly.
# Proves the image's steps where Docker cannot run. Needs the npm registry; run as root (to
# switch to the unprivileged user `nobody`, as the image's USER node does).
#   bash scripts/image-steps.sh [scratch-dir]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="${1:-$(mktemp -d)}"
mkdir -p "$scratch"
echo "== scratch: $scratch"

echo "== npm pack (the sources a release ships)"
tarball="$(cd "$repo" && npm pack --ignore-scripts --silent --pack-destination "$scratch")"
mkdir -p "$scratch/ctx"
tar -xzf "$scratch/$tarball" -C "$scratch/ctx" --strip-components=1
# npm pack never ships a lockfile; the image is built from the repository, which has it.
cp "$repo/package-lock.json" "$scratch/ctx/"

echo "== build stage"
( cd "$scratch/ctx"
  npm ci --ignore-scripts --no-audit --no-fund
  npm rebuild better-sqlite3
  npm run build
  npm prune --omit=dev --ignore-scripts --no-audit --no-fund )

echo "== runtime stage"
app="$scratch/app"
mkdir -p "$app" "$scratch/data"
cp "$scratch/ctx/package.json" "$app/"
cp -r "$scratch/ctx/node_modules" "$scratch/ctx/dist" "$scratch/ctx/bin" "$app/"
chmod -R a+rX "$scratch" && chmod 0755 "$scratch"
chown nobody "$scratch/data" && chmod 0700 "$scratch/data"
test ! -e "$app/node_modules/typescript" || { echo "devDependencies left in the image" >&2; exit 1; }

port="${PORT:-18099}"
export NODE_ENV=production CLOUDSSO_HOST=127.0.0.1 CLOUDSSO_PORT="$port" CLOUDSSO_DATA_DIR="$scratch/data"
start=$(date +%s.%N)
( cd "$app" && exec setpriv --reuid=nobody --regid=nogroup --clear-groups node bin/cloudsso.js serve ) >"$scratch/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do grep -q 'SCIM 2.0 endpoint' "$scratch/serve.log" && break; sleep 0.2; done
echo "started in $(echo "$(date +%s.%N) - $start" | bc) s"
cat "$scratch/serve.log"
echo "== HEALTHCHECK"
( cd "$app" && node -e "fetch('http://127.0.0.1:'+(process.env.CLOUDSSO_PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" ) && echo "healthy"
ls -la "$scratch/data"
echo "== SIGTERM"
kill -TERM "$pid"
wait "$pid" && echo "exit code 0"
tail -2 "$scratch/serve.log"
