// SPDX-License-Identifier: GPL-2.0
/*
 * kmark - open or close an instruction-count window from inside a guest.
 *
 *	kmark LABEL
 *
 * Writes "KCELL-MARK LABEL" to the kernel log, then runs kcell_mark(),
 * which the link puts alone at 0x10000000 (kcell_bench_build of
 * framework/vm/vm-lib.sh links with -Wl,--section-start=.kmark=0x10000000).
 * Under framework/vm/run --count-insns, QEMU's insn-count plugin
 * (insn-count.c) snapshots its counters when that address runs; the
 * host pairs the Nth snapshot with the Nth KCELL-MARK line.  The log line
 * comes first, so a snapshot is never ahead of its label.
 *
 * Without the plugin the program only logs: a scenario may call it
 * unconditionally.  Static, so that it runs in any initramfs.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The window edge: its first instruction's address is what the plugin watches. */
__attribute__((noinline, used, section(".kmark"))) void kcell_mark(void)
{
	__asm__ volatile("" ::: "memory");
}

int main(int argc, char **argv)
{
	char line[256];
	int fd, len;

	if (argc != 2 || !argv[1][0] || strchr(argv[1], ' ')) {
		fprintf(stderr, "usage: kmark LABEL (one word)\n");
		return 2;
	}
	len = snprintf(line, sizeof(line), "KCELL-MARK %s\n", argv[1]);
	if (len < 0 || (size_t)len >= sizeof(line)) {
		fprintf(stderr, "kmark: label too long\n");
		return 2;
	}
	fd = open("/dev/kmsg", O_WRONLY);
	if (fd < 0 || write(fd, line, len) != len) {
		perror("kmark: /dev/kmsg");
		return 1;
	}
	close(fd);
	kcell_mark();
	return 0;
}
