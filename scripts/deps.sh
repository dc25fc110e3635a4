#!/usr/bin/env bash
# Installs what OpenCEM's build and tests need on a Debian machine, only when
# it is missing: `deps.sh node` checks Node.js and npm; `deps.sh all` also
# installs PostgreSQL and Chromium from Debian's packages.
set -euo pipefail
what=${1:-all}

need_apt=()
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	need_apt+=(nodejs npm)
fi
if [ "$what" = all ]; then
	ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need_apt+=(postgresql)
	[ -x /usr/bin/chromium ] || need_apt+=(chromium)
	# CJK font, so that screenshots of the Chinese UI show text, not boxes.
	[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need_apt+=(fonts-wqy-microhei)
	command -v openssl >/dev/null || need_apt+=(openssl)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "deps.sh: please install: ${need_apt[*]} (needs root: sudo apt-get install ${need_apt[*]})" >&2
		exit 1
	fi
	echo "deps.sh: installing ${need_apt[*]} from Debian's packages" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
	echo "deps.sh: Node.js $(node --version) is too old; the web build needs Node.js 20.19 or later" >&2
	exit 1
fi
