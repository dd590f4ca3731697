#!/usr/bin/env bash
# Installs Debian's chromium for the browser test when it is missing and we are root.
# Elsewhere it only says what to do; the test itself then fails with the same advice.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian chromium for the browser test (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
else
  echo "chromium is missing: install it with 'sudo apt-get install chromium' (the browser test needs it)" >&2
fi
