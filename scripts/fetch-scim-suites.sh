#!/usr/bin/env bash
# Puts the SCIM conformance suites that test/scim/conformance.test.ts runs (with newman) into
# $CLOUDSSO_SCIM_SUITES_DIR (default ../shared/scim-suites, beside the repository), and checks
# every file against the SHA-256 pinned below.
#
#   bash scripts/fetch-scim-suites.sh            download what is missing, then verify all
#   bash scripts/fetch-scim-suites.sh --verify   verify only (no network); exit 1 if a file is missing or differs
#
# Sources (test/scim-suites/SOURCES.md has the details and licences):
# - Microsoft's collection: AzureAD/SCIMReferenceCode, PostmanCollection.json at a pinned commit
#   (MIT), downloaded from raw.githubusercontent.com.
# - Okta's SCIM 2.0 SPEC test is published as a Runscope export, which newman cannot run. The
#   Postman v2.1 conversion is kept in this repository (test/scim-suites/, Apache-2.0 like its
#   origin) and copied; the Runscope original is downloaded at a pinned commit and verified too,
#   so the provenance can be checked.
# - local.postman_environment.json (the Microsoft collection's variables) is ours, copied.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${CLOUDSSO_SCIM_SUITES_DIR:-$root/../shared/scim-suites}"
verify_only=0
case "${1:-}" in
  --verify) verify_only=1 ;;
  '') ;;
  *) echo "usage: $0 [--verify]" >&2; exit 2 ;;
esac

MS_COMMIT=d445ef901981fef684a220fe8cf6c97b588600fd
OKTA_COMMIT=468de9c511b5e4009bb5f06c25cbf4b85fecb8d0

# file name in $dir | sha256 | where it comes from (URL, or a path in this repository)
files=(
  "azuread-scimreferencecode.PostmanCollection.json|36ee6b9fb355cd6d438b7012ce266c05496caf494db4cb2a2be832f91fa56ccf|https://raw.githubusercontent.com/AzureAD/SCIMReferenceCode/$MS_COMMIT/PostmanCollection.json"
  "okta-scim20-spec-test.postman_collection.json|2e0db0899baac058e7532611d6a7f3586091b32c54e942d3cf4be9f7bdfe5bc3|repo:test/scim-suites/okta-scim20-spec-test.postman_collection.json"
  "local.postman_environment.json|2296fbb322377fa0fc34f31152caca0bf8792011a34a40a9fc6cda5136b4f9f1|repo:test/scim-suites/local.postman_environment.json"
  "okta-scim20-spec-test.runscope.json|a118fed67320a2265909bde6b95cdaf4f6f085ff5a89a0deb88c87d443eae899|https://raw.githubusercontent.com/okta/okta-developer-docs/$OKTA_COMMIT/packages/@okta/vuepress-site/.vuepress/public/standards/SCIM/SCIMFiles/Okta-SCIM-20-SPEC-Test.json"
)
# The Runscope original is provenance only: the tests do not need it, so --verify accepts its absence.
optional="okta-scim20-spec-test.runscope.json"

sha() { sha256sum "$1" | cut -d' ' -f1; }

if [ "$verify_only" -eq 0 ]; then
  mkdir -p "$dir"
  for entry in "${files[@]}"; do
    IFS='|' read -r name sum src <<<"$entry"
    [ -f "$dir/$name" ] && continue
    tmp="$(mktemp)"
    if [[ "$src" == repo:* ]]; then
      cp "$root/${src#repo:}" "$tmp"
    else
      echo "Downloading $src" >&2
      curl -fsSL --retry 3 -o "$tmp" "$src" || { rm -f "$tmp"; echo "Could not download $src." >&2; exit 1; }
    fi
    got="$(sha "$tmp")"
    if [ "$got" != "$sum" ]; then
      rm -f "$tmp"
      echo "Checksum mismatch for $name from $src: expected $sum, got $got. Nothing written." >&2
      exit 1
    fi
    mv "$tmp" "$dir/$name"
    chmod 0644 "$dir/$name"
  done
fi

status=0
for entry in "${files[@]}"; do
  IFS='|' read -r name sum _ <<<"$entry"
  if [ ! -f "$dir/$name" ]; then
    if [ "$name" = "$optional" ] && [ "$verify_only" -eq 1 ]; then
      echo "absent (optional) $name"
      continue
    fi
    echo "MISSING  $dir/$name" >&2
    status=1
  elif [ "$(sha "$dir/$name")" != "$sum" ]; then
    echo "MODIFIED $dir/$name (sha256 $(sha "$dir/$name"), expected $sum)" >&2
    status=1
  else
    echo "ok       $name"
  fi
done
if [ "$status" -ne 0 ]; then
  echo "The SCIM conformance suites in $dir are missing or differ. Run: bash scripts/fetch-scim-suites.sh" >&2
  echo "(or set CLOUDSSO_SCIM_SUITES_DIR to a folder that holds them)." >&2
fi
exit "$status"
