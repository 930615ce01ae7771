#!/bin/sh
# Installs the standalone build that `npm run build` made as a systemd service:
#
#   sudo deploy/install.sh
#
# PREFIX (default /opt/jetstream-watch) is where the server goes. DESTDIR stages the whole tree
# under another root (packaging, tests): then no user is created and systemd is left alone.
# On an upgrade the release being replaced is kept as $PREFIX.previous (move it back to roll back);
# the settings in /etc/jetstream-watch and the state in /var/lib/jetstream-watch are not touched.
set -eu
cd "$(dirname "$0")/.."

PREFIX="${PREFIX:-/opt/jetstream-watch}"
DESTDIR="${DESTDIR:-}"
SERVICE_USER="${SERVICE_USER:-jetstream-watch}"
build=.next/standalone

[ -f "$build/start.cjs" ] || { echo "install.sh: no standalone build in $build: run 'npm run build' first" >&2; exit 1; }
node_bin=$(command -v node) || { echo "install.sh: node is not on PATH" >&2; exit 1; }
case "$node_bin" in
  /home/*|/root/*) echo "install.sh: warning: $node_bin is under a home directory, which the service cannot see (ProtectHome=yes); install Node.js system-wide (e.g. /usr/bin/node)" >&2 ;;
esac

target="$DESTDIR$PREFIX"
staging="$target.new"
rm -rf "$staging"
mkdir -p "$staging"
cp -a "$build/." "$staging/"
cp README.md "$staging/"
chmod -R u+rwX,go+rX,go-w "$staging"
if [ -d "$target" ]; then
  rm -rf "$target.previous"
  mv "$target" "$target.previous"
fi
mv "$staging" "$target"

unit="$DESTDIR/etc/systemd/system/jetstream-watch.service"
mkdir -p "$(dirname "$unit")"
sed -e "s#/opt/jetstream-watch#$PREFIX#g" -e "s#^ExecStart=/usr/bin/node #ExecStart=$node_bin #" \
  -e "s#^User=jetstream-watch#User=$SERVICE_USER#" -e "s#^Group=jetstream-watch#Group=$SERVICE_USER#" \
  deploy/jetstream-watch.service > "$unit"
chmod 0644 "$unit"

config_dir="$DESTDIR/etc/jetstream-watch"
mkdir -p "$config_dir"
chmod 0750 "$config_dir"
if [ ! -e "$config_dir/config.json" ]; then
  cp deploy/config.example.json "$config_dir/config.json"
  chmod 0640 "$config_dir/config.json"
  fresh_config=yes
fi

if [ -z "$DESTDIR" ]; then
  if ! id -u "$SERVICE_USER" >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/jetstream-watch --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
  fi
  chgrp "$SERVICE_USER" "$config_dir" "$config_dir/config.json"
  [ -d /run/systemd/system ] && systemctl daemon-reload
fi

echo "installed $(cat "$target/.next/BUILD_ID" 2>/dev/null || echo "a build") in $target (node: $node_bin)"
echo "  unit:     $unit"
echo "  settings: $config_dir/config.json${fresh_config:+ (the example: edit it before the first start)}"
[ -d "$target.previous" ] && echo "  previous release kept in $target.previous"
echo "then: systemctl enable --now jetstream-watch   (after an upgrade: systemctl restart jetstream-watch)"
