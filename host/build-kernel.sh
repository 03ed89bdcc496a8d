#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Configure (tinyconfig + configs/*.config fragments) and build the kernel out
# of tree in $KOBJ, plus its uapi headers for the guest programs.
# Usage: build-kernel.sh [FRAGMENT...]
#        (default: configs/guest.config configs/series.config), plus
#        configs/base-$BASE.config always
source "$(dirname "$0")/lib.sh"

fragments=("$@")
[ ${#fragments[@]} -gt 0 ] || fragments=("$TOP/configs/guest.config" "$TOP/configs/series.config")
# Every kernel also gets the options whose names differ between the bases.
fragments+=("$TOP/configs/base-$BASE.config")

# Lines of the fragments that must appear verbatim in .config.
wanted() {
	sed -n -e 's/^\(CONFIG_[A-Za-z0-9_]*=.*\)/\1/p' \
	       -e 's/^\(# CONFIG_[A-Za-z0-9_]* is not set\)/\1/p' "${fragments[@]}"
}

configure() {
	local missing

	step "configuring $KOBJ: tinyconfig + ${fragments[*]##*/}"
	mkdir -p "$KOBJ"
	"${KMAKE[@]}" tinyconfig >/dev/null
	KCONFIG_CONFIG="$KOBJ/.config" "$SRC/scripts/kconfig/merge_config.sh" -m -O "$KOBJ" \
		"$KOBJ/.config" "${fragments[@]}" >"$KOBJ/merge_config.log" 2>&1 ||
		{ cat "$KOBJ/merge_config.log" >&2; die "merge_config.sh failed"; }
	"${KMAKE[@]}" olddefconfig >/dev/null
	missing=$(wanted | grep -vxF -f "$KOBJ/.config" || true)
	if [ -n "$missing" ]; then
		printf '    not in the final .config: %s\n' $missing >&2
		die "kconfig dropped options of ${fragments[*]##*/} (unmet dependency or renamed option)"
	fi
}

# Reconfigure only when the fragments or the tree changed, so that an
# unchanged run leaves .config (and every object) alone.
stamp=$( { cat "${fragments[@]}"; git -C "$SRC" rev-parse HEAD; } | sha256sum | cut -d' ' -f1)
[ "$(cat "$KOBJ/.config-stamp" 2>/dev/null)" = "$stamp" ] && [ -f "$KOBJ/.config" ] || {
	configure
	echo "$stamp" >"$KOBJ/.config-stamp"
}

step "building kernel in $KOBJ (make -j$JOBS)"
start=$SECONDS
touch "$KOBJ/.build-start"
"${KMAKE[@]}" bzImage >"$KOBJ/build.log" 2>&1 ||
	{ grep -E 'error|Error' "$KOBJ/build.log" | head -30 >&2; die "kernel build failed (log: $KOBJ/build.log)"; }
"${KMAKE[@]}" headers >>"$KOBJ/build.log" 2>&1 || die "make headers failed (log: $KOBJ/build.log)"
rebuilt=$(find "$KOBJ" -name '*.o' -newer "$KOBJ/.build-start" | wc -l)
info "$(cat "$KOBJ/include/config/kernel.release"): $rebuilt objects rebuilt in $((SECONDS - start)) s"
