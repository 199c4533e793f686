// SPDX-License-Identifier: GPL-2.0
/*
 * rng_edge - the edge cases of /dev/kcell_rng, from user space.
 *
 * Usage: rng_edge DEVICE TEST
 *
 *   efault      read into an unmapped buffer fails with EFAULT, and the
 *               next read still works
 *   zero        a zero-length read returns 0
 *   large       one 8 MiB read returns 8 MiB
 *   nonblock    O_NONBLOCK reads never block: each returns bytes or EAGAIN
 *   poll        poll() reports POLLIN, and the read that follows succeeds
 *   ioctl       an unknown ioctl fails with ENOTTY
 *   readers     4 processes read 256 KiB each at once, all complete
 *   signal      a read blocked on an empty device ends on SIGALRM with
 *               EINTR or a short count (use a rate-limited device)
 *   block       a blocking read of 1 byte succeeds
 *   gone        waits in poll() on an empty device (drained first) until
 *               the device is removed: poll() reports POLLERR or POLLHUP
 *               within 120 s, and a read then fails with ENODEV (run it
 *               in the background, then remove the device)
 *
 * Prints "ok TEST" or "fail TEST: reason" and exits 0 or 1.  Built static
 * for the VM harness' initramfs.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char *dev;
static const char *test;

static int report_fail(const char *fmt, const char *detail)
{
	printf("fail %s: ", test);
	printf(fmt, detail);
	printf("\n");
	return 1;
}

static int report_ok(void)
{
	printf("ok %s\n", test);
	return 0;
}

static int open_dev(int flags)
{
	int fd = open(dev, O_RDONLY | flags);

	if (fd < 0) {
		report_fail("open: %s", strerror(errno));
		exit(1);
	}
	return fd;
}

/* Reads exactly @len bytes, looping over short reads. */
static ssize_t read_full(int fd, char *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = read(fd, buf + done, len - done);
		if (n <= 0)
			return n < 0 ? n : (ssize_t)done;
		done += n;
	}
	return done;
}

static int test_efault(void)
{
	int fd = open_dev(0);
	char *hole = mmap(NULL, 8192, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);
	char buf[16];

	if (hole == MAP_FAILED)
		return report_fail("mmap: %s", strerror(errno));
	if (read(fd, hole, 64) != -1 || errno != EFAULT)
		return report_fail("read into PROT_NONE: %s", strerror(errno));
	/* A page that is not mapped at all. */
	munmap(hole + 4096, 4096);
	if (read(fd, hole + 4096, 64) != -1 || errno != EFAULT)
		return report_fail("read into an unmapped page: %s",
				   strerror(errno));
	if (read_full(fd, buf, sizeof(buf)) != sizeof(buf))
		return report_fail("read after EFAULT: %s", strerror(errno));
	close(fd);
	return report_ok();
}

static int test_zero(void)
{
	int fd = open_dev(0);
	char buf[1];

	if (read(fd, buf, 0) != 0)
		return report_fail("zero-length read: %s", strerror(errno));
	close(fd);
	return report_ok();
}

static int test_large(void)
{
	size_t len = 8 << 20;
	char *buf = malloc(len);
	int fd = open_dev(0);
	ssize_t n;

	if (!buf)
		return report_fail("%s", "malloc");
	n = read(fd, buf, len);
	if (n != (ssize_t)len)
		return report_fail("8 MiB read returned short: %s",
			    n < 0 ? strerror(errno) : "short count");
	free(buf);
	close(fd);
	return report_ok();
}

static int test_nonblock(void)
{
	int fd = open_dev(O_NONBLOCK);
	int i, got = 0, again = 0;
	char buf[4096];
	ssize_t n;

	for (i = 0; i < 2000; i++) {
		n = read(fd, buf, sizeof(buf));
		if (n > 0)
			got++;
		else if (n < 0 && errno == EAGAIN)
			again++;
		else
			return report_fail("non-blocking read: %s",
				    n < 0 ? strerror(errno) : "returned 0");
	}
	close(fd);
	if (!got)
		return report_fail("%s", "2000 non-blocking reads returned no bytes");
	printf("nonblock: %d reads with bytes, %d EAGAIN\n", got, again);
	return report_ok();
}

static int test_poll(void)
{
	int fd = open_dev(O_NONBLOCK);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[64];

	if (poll(&p, 1, 10000) != 1 || !(p.revents & POLLIN))
		return report_fail("%s", "poll did not report POLLIN within 10 s");
	if (read(fd, buf, sizeof(buf)) <= 0)
		return report_fail("read after POLLIN: %s", strerror(errno));
	close(fd);
	return report_ok();
}

static int test_gone(void)
{
	int fd = open_dev(O_NONBLOCK);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[64];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	if (errno != EAGAIN)
		return report_fail("draining: %s", strerror(errno));
	p.revents = 0;
	while (poll(&p, 1, 120000) == 1 && (p.revents & POLLIN) &&
	       !(p.revents & (POLLERR | POLLHUP)))
		while (read(fd, buf, sizeof(buf)) > 0)
			;	/* a slow delivery: drain it, wait on */
	if (!(p.revents & (POLLERR | POLLHUP)))
		return report_fail("%s", "poll() reported no POLLERR or POLLHUP within 120 s");
	if (read(fd, buf, sizeof(buf)) != -1 || errno != ENODEV)
		return report_fail("read after the device went: %s",
				   strerror(errno));
	close(fd);
	return report_ok();
}

static int test_ioctl(void)
{
	int fd = open_dev(0);
	int arg = 0;

	if (ioctl(fd, 0x1234, &arg) != -1 || errno != ENOTTY)
		return report_fail("unknown ioctl: %s", strerror(errno));
	close(fd);
	return report_ok();
}

static int test_readers(void)
{
	int i, status, bad = 0;
	pid_t pid;

	for (i = 0; i < 4; i++) {
		pid = fork();
		if (pid == 0) {
			static char buf[256 << 10];
			int fd = open(dev, O_RDONLY);

			_exit(fd < 0 || read_full(fd, buf, sizeof(buf)) !=
				       sizeof(buf));
		}
		if (pid < 0)
			return report_fail("fork: %s", strerror(errno));
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			bad++;
	if (bad)
		return report_fail("%s", "a reader failed");
	return report_ok();
}

static void on_alarm(int sig)
{
	(void)sig;
}

static int test_signal(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
	static char buf[1 << 20];
	int fd = open_dev(0);
	ssize_t n;

	sigaction(SIGALRM, &sa, NULL);
	alarm(2);
	n = read(fd, buf, sizeof(buf));
	if (n < 0 && errno == EINTR)
		printf("signal: EINTR\n");
	else if (n > 0 && n < (ssize_t)sizeof(buf))
		printf("signal: short read of %zd bytes\n", n);
	else
		return report_fail("read did not end on the signal: %s",
			    n < 0 ? strerror(errno) : "full read");
	close(fd);
	return report_ok();
}

static int test_block(void)
{
	int fd = open_dev(0);
	char c;

	if (read(fd, &c, 1) != 1)
		return report_fail("1-byte read: %s", strerror(errno));
	close(fd);
	return report_ok();
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(void);
	} tests[] = {
		{ "efault", test_efault }, { "zero", test_zero },
		{ "large", test_large }, { "nonblock", test_nonblock },
		{ "poll", test_poll }, { "ioctl", test_ioctl },
		{ "readers", test_readers }, { "signal", test_signal },
		{ "block", test_block }, { "gone", test_gone },
	};
	size_t i;

	if (argc != 3) {
		fprintf(stderr, "usage: rng_edge DEVICE TEST\n");
		return 2;
	}
	dev = argv[1];
	test = argv[2];
	for (i = 0; i < ARRAY_SIZE(tests); i++)
		if (!strcmp(test, tests[i].name))
			return tests[i].fn();
	fprintf(stderr, "rng_edge: no test %s\n", test);
	return 2;
}
