# SPDX-License-Identifier: GPL-2.0
# Entry points of the harness; each target is one script in host/.
# BASE=7.3 (default: mainline, patches/7.3) or BASE=6.12 (the backport,
# patches/6.12) picks the tree of every target but "make check", which
# tests both; every base has its own build/$(BASE)/.
#
#   make balloon  the main job: balloon benchmark, stock vs patched kernel
#   make balloon-profile  where a punch's time goes: ftrace's function profiler
#   make check    the test command: both bases built, linted, booted, tested
#   make fixes    the fix series' reproducers: stock and fixed 7.3 and 6.12 (slow)
#   make tree     (re)create build/$(BASE)/linux from the base, fixes/$(BASE)
#                 and patches/$(BASE)
#   make export   write build/$(BASE)/linux's commits back to fixes/ and patches/
#   make kernel   configure and build the test kernel only
#   make bisect   build and boot every prefix of the series (slow)
#   make debug    KASAN + lockdep + kmemleak kernel, the series' tests (slow)
#   make qemu-balloon  QEMU's virtio-balloon inside the test VM (slow); STOCK=1: on the
#                 stock kernel, the patched QEMU's fallback
#   make stress   the stress program RUNS times (default 20 x 60 s), its failure rate
#   make send-email  print the send-email line, run it --dry-run and locally
#   make send-email-fixes  the same for the fix series (fixes/$(BASE))
#   make clean    remove build/ (the unpacked base, objects, logs)

.PHONY: balloon balloon-profile check fixes tree export kernel bisect debug qemu-balloon stress send-email \
	send-email-fixes clean
H := host
BASE ?= 7.3
export BASE

balloon:
	@$(H)/balloon.sh

balloon-profile:
	@$(H)/balloon-profile.sh

check:
	@$(H)/check.sh

fixes:
	@$(H)/fixes-check.sh

tree:
	@$(H)/install-deps.sh && $(H)/base-tree.sh --reapply

export:
	@$(H)/export-patches.sh

kernel:
	@$(H)/install-deps.sh && $(H)/base-tree.sh && $(H)/build-kernel.sh

bisect:
	@mkdir -p build/$(BASE)/logs && $(H)/bisect-check.sh >build/$(BASE)/logs/bisect.ktap && \
		python3 $(H)/tally.py build/$(BASE)/linux bisect=build/$(BASE)/logs/bisect.ktap

debug:
	@$(H)/debug-check.sh

qemu-balloon:
	@$(H)/qemu-check.sh

stress:
	@$(H)/stress-check.sh

send-email:
	@$(H)/install-deps.sh && $(H)/send-email.sh

send-email-fixes:
	@$(H)/install-deps.sh && SERIES=fixes $(H)/send-email.sh

clean:
	rm -rf build
