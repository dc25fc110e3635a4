#!/usr/bin/env bash
# Sign a request to the OpenCEM open API and send it with curl.
#
# Usage:
#   OPENCEM_KEY_ID=key_123 OPENCEM_PRIVATE_KEY=private.pem OPENCEM_ALG=rsa-sha256 \
#     sign-request.sh METHOD URL [BODY_FILE]
#
# Environment:
#   OPENCEM_KEY_ID        key id sent in X-OpenCEM-Key (required)
#   OPENCEM_PRIVATE_KEY   path to the PEM private key (required)
#   OPENCEM_ALG           rsa-sha256 (default), rsa-pss-sha256,
#                         ecdsa-p256-sha256 or sm2-sm3
#   OPENCEM_TIMESTAMP     Unix seconds (default: now; set only to reproduce
#                         test vectors)
#   OPENCEM_NONCE         nonce (default: 32 random hex characters)
#   OPENCEM_CONTENT_TYPE  Content-Type of the body (default application/json)
#   DRY_RUN=1             print the headers instead of calling curl; the
#                         canonical string goes to stderr
#
# URL must already be percent-encoded; its path and query are signed exactly
# as written, and curl is told not to rewrite them (--path-as-is).
# Needs bash 4+, openssl 3, od, sort, paste, date and (unless DRY_RUN) curl.
# The scheme is described in docs/signing.md.
set -euo pipefail
export LC_ALL=C

die() { printf 'sign-request.sh: %s\n' "$*" >&2; exit 2; }

[[ $# -ge 2 && $# -le 3 ]] || die "usage: sign-request.sh METHOD URL [BODY_FILE]"
method=${1^^}
url=$2
body_file=${3:-}
key_id=${OPENCEM_KEY_ID:?OPENCEM_KEY_ID is required}
key_file=${OPENCEM_PRIVATE_KEY:?OPENCEM_PRIVATE_KEY is required}
alg=${OPENCEM_ALG:-rsa-sha256}
timestamp=${OPENCEM_TIMESTAMP:-$(date +%s)}
nonce=${OPENCEM_NONCE:-$(openssl rand -hex 16)}
[[ -r $key_file ]] || die "cannot read private key $key_file"
[[ -z $body_file || -r $body_file ]] || die "cannot read body file $body_file"

# Digest and signing options per algorithm.
case $alg in
  rsa-sha256)        digest=sha256; sign_opts=() ;;
  rsa-pss-sha256)    digest=sha256
                     sign_opts=(-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha256) ;;
  ecdsa-p256-sha256) digest=sha256; sign_opts=() ;;
  sm2-sm3)           digest=sm3; sign_opts=(-sigopt distid:1234567812345678) ;;
  *) die "unsupported OPENCEM_ALG $alg" ;;
esac

# Split the URL: drop the fragment and scheme://authority, then cut the query.
target=${url%%#*}
[[ $target == *://* ]] || die "URL must be absolute: $url"
target=${target#*://}
authority=${target%%[/?]*}
target=${target#"$authority"}
[[ -z $target || $target == \?* ]] && target=/$target
path=${target%%\?*}
query=
[[ $target == *\?* ]] && query=${target#*\?}

# pct_decode STRING: print STRING with '+' as space and %XX decoded.
pct_decode() {
  local s=$1
  [[ $s =~ %([^0-9A-Fa-f]|.[^0-9A-Fa-f]|.?$) ]] && die "malformed percent-encoding in query: $1"
  s=${s//+/ }
  s=${s//\\/\\\\}
  printf '%b' "${s//%/\\x}"
}

# pct_encode STRING: decode, then re-encode every byte except A-Z a-z 0-9 - . _ ~
pct_encode() {
  local hex out= byte ch i
  hex=$(pct_decode "$1" | od -An -v -tx1 | tr -d ' \n')
  for ((i = 0; i < ${#hex}; i += 2)); do
    byte=${hex:i:2}
    case $byte in
      2d|2e|5f|7e|3[0-9]|4[1-9a-f]|5[0-9a]|6[1-9a-f]|7[0-9a]) printf -v ch "\\x$byte"; out+=$ch ;;
      *) out+=%${byte^^} ;;
    esac
  done
  printf '%s' "$out"
}

# Canonical query: encode each key and value, sort by key then value.
canonical_query=
if [[ -n $query ]]; then
  IFS='&' read -r -a params <<< "$query"
  lines=()
  for param in "${params[@]}"; do
    [[ -z $param ]] && continue
    key=${param%%=*}
    value=
    [[ $param == *=* ]] && value=${param#*=}
    lines+=("$(pct_encode "$key")=$(pct_encode "$value")")
  done
  if ((${#lines[@]} > 0)); then
    canonical_query=$(printf '%s\n' "${lines[@]}" | sort -t= -k1,1 -k2,2 | paste -sd'&' -)
  fi
fi

# Hex digest of the raw body bytes (of nothing when there is no body).
if [[ -n $body_file ]]; then
  body_digest=$(openssl dgst "-$digest" -r < "$body_file" | cut -d' ' -f1)
else
  body_digest=$(openssl dgst "-$digest" -r < /dev/null | cut -d' ' -f1)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%s\n%s\n%s\n%s\n%s\n%s' "$method" "$path" "$canonical_query" "$body_digest" "$timestamp" "$nonce" > "$work/canonical"
openssl dgst "-$digest" -sign "$key_file" "${sign_opts[@]}" -out "$work/sig" "$work/canonical"
signature=$(openssl base64 -A -in "$work/sig")

headers=(
  "X-OpenCEM-Key: $key_id"
  "X-OpenCEM-Timestamp: $timestamp"
  "X-OpenCEM-Nonce: $nonce"
  "X-OpenCEM-Signature-Alg: $alg"
  "X-OpenCEM-Signature: $signature"
)

if [[ ${DRY_RUN:-} == 1 ]]; then
  { printf -- '--- canonical string ---\n'; cat "$work/canonical"; printf '\n--- end ---\n'; } >&2
  printf '%s\n' "${headers[@]}"
  exit 0
fi

curl_args=(--silent --show-error --path-as-is -X "$method")
for h in "${headers[@]}"; do curl_args+=(-H "$h"); done
if [[ -n $body_file ]]; then
  curl_args+=(-H "Content-Type: ${OPENCEM_CONTENT_TYPE:-application/json}" --data-binary "@$body_file")
fi
curl "${curl_args[@]}" "$url"
