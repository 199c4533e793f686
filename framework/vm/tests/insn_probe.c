// SPDX-License-Identifier: GPL-2.0
/*
 * insn_probe - a known number of user instructions between window edges,
 * for framework/vm/test-harness's check of --count-insns.
 *
 *	insn_probe N1 N2
 *
 * Opens window "probe-a", spins N1 times, opens "probe-b", spins N2
 * times, and closes it with "-".  A spin is two instructions (dec, jnz),
 * and everything else each window runs is the same code, so under
 * framework/vm/run --count-insns the user count of probe-b minus that of
 * probe-a must be exactly 2 * (N2 - N1).  The edges work as kmark's do
 * (framework/bench/kmark.c): a KCELL-MARK line, then the function linked
 * at 0x10000000.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((noinline, used, section(".kmark"))) void kcell_mark(void)
{
	__asm__ volatile("" ::: "memory");
}

static int kmsg = -1;

/* LINE is formatted before the first edge: each window runs the same code. */
static void edge(const char *line)
{
	ssize_t len = strlen(line);

	if (write(kmsg, line, len) != len) {
		perror("insn_probe: /dev/kmsg");
		exit(1);
	}
	kcell_mark();
}

static void spin(unsigned long n)
{
	__asm__ volatile("1: dec %0\n\tjnz 1b" : "+r"(n) : : "cc");
}

int main(int argc, char **argv)
{
	unsigned long n1, n2;

	if (argc != 3) {
		fprintf(stderr, "usage: insn_probe N1 N2\n");
		return 2;
	}
	n1 = strtoul(argv[1], NULL, 0);
	n2 = strtoul(argv[2], NULL, 0);
	if (!n1 || !n2) {
		fprintf(stderr, "insn_probe: N1 and N2 must be positive\n");
		return 2;
	}
	kmsg = open("/dev/kmsg", O_WRONLY);
	if (kmsg < 0) {
		perror("insn_probe: /dev/kmsg");
		return 1;
	}
	edge("KCELL-MARK probe-a\n");
	spin(n1);
	edge("KCELL-MARK probe-b\n");
	spin(n2);
	edge("KCELL-MARK -\n");
	return 0;
}
