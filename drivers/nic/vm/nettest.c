// SPDX-License-Identifier: GPL-2.0
/*
 * nettest - traffic generator and checker for the NIC driver tests.
 *
 * Runs in the test VM on both ends of a link between two NICs on one QEMU
 * hub, one of them in a network namespace: one end sends a stream it can
 * regenerate from a seed, the other checks every byte of it.  Built
 * static for the VM harness' initramfs.
 *
 * Usage: nettest [-t SECONDS] COMMAND ARGS...
 *        nettest -h
 *
 *   tcp-recv PORT BYTES SEED
 *	Accept one connection on 0.0.0.0:PORT, read until EOF and check
 *	that exactly BYTES bytes of the pattern stream of SEED arrived.
 *	RESULT tcp-recv bytes=N usec=T errors=E first_bad=OFF
 *	errors counts mismatching bytes, plus 1 when the length is wrong or
 *	no EOF came; first_bad is the offset of the first mismatching byte,
 *	else where the lengths part, else -1.  usec: accept to EOF.
 *
 *   tcp-send ADDR PORT BYTES SEED
 *	Connect to ADDR:PORT, retrying for 10 s while refused or
 *	unreachable, send BYTES bytes of the pattern stream of SEED, shut
 *	down the sending side and wait for the peer to close.
 *	RESULT tcp-send bytes=N usec=T		(usec: connected to peer's close)
 *
 *   udp-recv PORT COUNT SIZE SEED IDLE_MS [MAX_LOSS_PERCENT]
 *	Receive the datagrams of a udp-send on 0.0.0.0:PORT until all COUNT
 *	have arrived, or none for IDLE_MS (30 s before the first one).
 *	RESULT udp-recv received=R lost=L corrupt=C duplicates=D usec=T
 *	       bytes=B out_of_range=O
 *	usec: first to last datagram; bytes: of the good, distinct ones.
 *	Fails on corrupt or out-of-range datagrams, on none received, or
 *	when more than MAX_LOSS_PERCENT (default 100) of COUNT were lost.
 *
 *   udp-send ADDR PORT COUNT SIZE SEED [GAP_USEC]
 *	Send COUNT datagrams of SIZE (16..65507) bytes, GAP_USEC (default
 *	0) apart.  A datagram the stack has no room for, or that met the
 *	refusal of an earlier one, is sent again.
 *	RESULT udp-send sent=N usec=T bytes=B
 *
 *   raw-send IFNAME LEN COUNT [DST]
 *	Send COUNT Ethernet frames of LEN (14..65535) bytes, without FCS,
 *	with ethertype 0x88B5 through IFNAME to DST (a MAC address, default
 *	the broadcast address: another one tests the receiver's filters).  A frame the kernel
 *	refuses (EMSGSIZE or EINVAL, e.g. above the MTU) is counted, not
 *	fatal: the caller decides.  One the queue has no room for is sent
 *	again; any other error ends the run with status 2.
 *	RESULT raw-send sent=S refused=F
 *
 *   raw-recv IFNAME COUNT TIMEOUT_MS [JOIN]
 *	Receive frames of ethertype 0x88B5 on IFNAME until COUNT have
 *	arrived or none for TIMEOUT_MS, and check each; frames this host
 *	sends on IFNAME are ignored.  JOIN, held while receiving, is a
 *	multicast MAC address to join, "allmulti" or "promisc" (the packet
 *	socket memberships, which program the NIC's filters as
 *	"ip maddr add" and "ip link set allmulticast|promisc on" do).
 *	Fails on a corrupt frame, not on missing ones: the caller compares
 *	received with what was sent.
 *	RESULT raw-recv received=R corrupt=C min_len=A max_len=B
 *
 *   -t SECONDS	give up after SECONDS in all (default 120; 0: never), so
 *		that a dead link fails the test instead of hanging it
 *
 * All numbers are decimal.  The RESULT line is the last line on stdout;
 * diagnostics go to stderr.  Exit status: 0 passed, 1 a check failed
 * (including data that never came, a reset connection or the time
 * limit), 2 usage or setup error.
 *
 * Pattern stream of a seed: byte i is byte i % 8 (little-endian) of
 * mix64(seed * 0x9e3779b97f4a7c15 + i / 8), mix64(x) being what
 * splitmix64 returns from state x (add 0x9e3779b97f4a7c15, then its
 * finalizer), all modulo 2^64.  It can be checked at any offset, eight
 * bytes at a time, which matters in a guest emulated by QEMU TCG.
 *
 * UDP datagram: magic 0x4e455454, seq, SIZE, SEED as big-endian u32s,
 * then the pattern stream of (SEED ^ seq) from offset 0.
 *
 * Ethernet frame: ff:ff:ff:ff:ff:ff, the interface's MAC, 0x88B5, the
 * frame length LEN as a big-endian u16, then the pattern stream of LEN
 * from offset 0.  The length is in the frame because hardware pads runts
 * to 60 bytes and the receiver must tell padding from payload.  A frame
 * of 14 or 15 bytes has no room for it: its payload is zero, and padded
 * it reads as length 0.  A receiver accepts a frame of exactly its
 * length, or a runt (below 60 bytes) padded to exactly 60; the padding
 * itself is not checked.
 */
#define _GNU_SOURCE		/* accept4() */
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef unsigned long long u64;
typedef long long s64;
typedef unsigned int u32;

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

#define PATTERN_GAMMA		0x9e3779b97f4a7c15ULL
#define SEED_MAX		0xffffffffULL

#define TCP_CHUNK		(64 << 10)
#define CONNECT_RETRY_MS	10000
#define CONNECT_PAUSE_MS	100

#define UDP_MAGIC		0x4e455454	/* "NETT" */
#define UDP_HDR_LEN		16
#define UDP_SIZE_MAX		65507
#define UDP_COUNT_MAX		(1 << 24)
#define UDP_FIRST_WAIT_MS	30000

#define ETH_P_NETTEST		0x88b5	/* IEEE local experimental */
#define RAW_HDR_LEN		(ETH_HLEN + 2)
#define RAW_LEN_MAX		65535
#define RAW_COUNT_MAX		(1 << 24)

#define RCVBUF_BYTES		(4 << 20)

#define TIMEOUT_MS_MAX		3600000
#define GAP_USEC_MAX		10000000
#define RETRY_PAUSE_US		200	/* after ENOBUFS: let the queue drain */
#define MAX_REPORTS		5	/* corrupt datagrams/frames described */

/* Large enough for any datagram or frame, so MSG_TRUNC sizes fit too. */
static unsigned char buf[1 << 18] __attribute__((aligned(8)));

static u64 deadline_ns;	/* 0: no overall time limit */

static void vcomplain(const char *fmt, va_list ap)
{
	fputs("nettest: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

static void __attribute__((format(printf, 1, 2)))
complain(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcomplain(fmt, ap);
	va_end(ap);
}

/* For usage and setup errors: the test itself could not run. */
static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcomplain(fmt, ap);
	va_end(ap);
	exit(2);
}

/* Pattern stream */

static inline u64 mix64(u64 z)
{
	z += PATTERN_GAMMA;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Fills @len bytes at @p with the pattern stream of @seed from @off. */
static void pattern_fill(u32 seed, u64 off, unsigned char *p, size_t len)
{
	u64 base = seed * PATTERN_GAMMA;
	u64 w = off / 8, v;
	unsigned int b = off % 8;

	if (b) {
		v = mix64(base + w++);
		for (; b < 8 && len; b++, len--)
			*p++ = v >> (8 * b);
	}
	for (; len >= 8; len -= 8, p += 8) {
		v = htole64(mix64(base + w++));
		memcpy(p, &v, 8);
	}
	v = mix64(base + w);
	for (b = 0; b < len; b++)
		*p++ = v >> (8 * b);
}

/*
 * Bytes that differ in a word, given the XOR of expected and actual in
 * little-endian order so that byte k of it is the byte at @pos + k.
 */
static unsigned int count_bad(u64 x, size_t pos, s64 *first_bad)
{
	unsigned int k, n = 0;

	for (k = 0; k < 8; k++, x >>= 8) {
		if (!(x & 0xff))
			continue;
		if (*first_bad < 0)
			*first_bad = pos + k;
		n++;
	}
	return n;
}

/*
 * Compares @len bytes at @p with the pattern stream of @seed from @off.
 * Returns the number of bytes that differ; *@first_bad is the index in @p
 * of the first, or -1.
 */
static u64 pattern_check(u32 seed, u64 off, const unsigned char *p,
			 size_t len, s64 *first_bad)
{
	u64 base = seed * PATTERN_GAMMA;
	u64 w = off / 8, want, got, bad = 0;
	unsigned int b = off % 8;
	size_t i = 0;

	*first_bad = -1;
	if (b) {
		want = mix64(base + w++);
		for (; b < 8 && i < len; b++, i++)
			bad += count_bad((p[i] ^ (want >> (8 * b))) & 0xff, i,
					 first_bad);
	}
	for (; len - i >= 8; i += 8) {
		memcpy(&got, p + i, 8);
		want = htole64(mix64(base + w++));
		if (got != want)
			bad += count_bad(le64toh(got ^ want), i, first_bad);
	}
	want = mix64(base + w);
	for (b = 0; i < len; b++, i++)
		bad += count_bad((p[i] ^ (want >> (8 * b))) & 0xff, i,
				 first_bad);
	return bad;
}

/* Time */

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static u64 usec_between(u64 t0, u64 t1)
{
	return (t1 - t0) / 1000;
}

static void sleep_us(u64 us)
{
	struct timespec ts = {
		.tv_sec = us / 1000000,
		.tv_nsec = us % 1000000 * 1000,
	};

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static int timed_out(void)
{
	return deadline_ns && now_ns() >= deadline_ns;
}

/*
 * Waits up to @ms (-1: no limit of its own) for @events on @fd, but never
 * past the overall deadline.  Returns 1 when ready, 0 on timeout.
 */
static int wait_fd(int fd, short events, s64 ms)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	u64 until = 0, t;
	int r;

	if (ms >= 0)
		until = now_ns() + ms * 1000000ULL;
	if (deadline_ns && (!until || deadline_ns < until))
		until = deadline_ns;
	for (;;) {
		ms = -1;
		if (until) {
			t = now_ns();
			if (t >= until)
				return 0;
			/* Round up, or poll() spins on the last millisecond. */
			ms = (until - t + 999999) / 1000000;
		}
		r = poll(&pfd, 1, ms > INT32_MAX ? INT32_MAX : (int)ms);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
	}
}

/* Arguments */

static u64 parse_num(const char *s, const char *name, u64 min, u64 max)
{
	unsigned long long v;
	char *end;

	/* strtoull() would take a sign or leading blanks, and wrap "-1". */
	if (*s < '0' || *s > '9')
		goto bad;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		goto bad;
	return v;
bad:
	die("%s must be a decimal number from %llu to %llu, not '%s'",
	    name, min, max, s);
}

static void parse_addr(const char *addr, const char *port,
		       struct sockaddr_in *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons(parse_num(port, "PORT", 1, 65535));
	if (!addr) {
		sa->sin_addr.s_addr = htonl(INADDR_ANY);
		return;
	}
	if (inet_pton(AF_INET, addr, &sa->sin_addr) != 1)
		die("ADDR must be an IPv4 address, not '%s'", addr);
}

/* The index of interface @name; @fd is any socket, for the ioctl. */
static int if_index(int fd, const char *name, struct ifreq *ifr)
{
	if (strlen(name) >= IFNAMSIZ)
		die("interface name '%s' is too long", name);
	memset(ifr, 0, sizeof(*ifr));
	memcpy(ifr->ifr_name, name, strlen(name));
	if (ioctl(fd, SIOCGIFINDEX, ifr) < 0)
		die("interface %s: %s", name, strerror(errno));
	return ifr->ifr_ifindex;
}

/*
 * Loss should tell about the link, not about this process being slower
 * than a burst (the default buffer holds under 100 full-size frames).
 * Forcing ignores rmem_max but needs CAP_NET_ADMIN; without it, take what
 * rmem_max allows.
 */
static void big_rcvbuf(int fd)
{
	int size = RCVBUF_BYTES;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
}

/* TCP */

static int cmd_tcp_recv(char **argv)
{
	struct sockaddr_in sa;
	u64 bytes, total = 0, errors = 0, t0, t1;
	s64 first_bad = -1, bad_at;
	u32 seed;
	int lfd, fd, one = 1, eof = 0;
	ssize_t n;

	parse_addr(NULL, argv[0], &sa);
	bytes = parse_num(argv[1], "BYTES", 0, INT64_MAX);
	seed = parse_num(argv[2], "SEED", 0, SEED_MAX);

	lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (lfd < 0)
		die("socket: %s", strerror(errno));
	/* The previous test's connection may linger in TIME_WAIT. */
	if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)))
		die("SO_REUSEADDR: %s", strerror(errno));
	if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)))
		die("bind to port %s: %s", argv[0], strerror(errno));
	if (listen(lfd, 1))
		die("listen: %s", strerror(errno));

	for (;;) {
		if (!wait_fd(lfd, POLLIN, -1)) {
			complain("timed out waiting for a connection");
			printf("RESULT tcp-recv bytes=0 usec=0 errors=1 first_bad=0\n");
			return 1;
		}
		fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd >= 0)
			break;
		/* The peer may have reset the connection already. */
		if (errno != EAGAIN && errno != EINTR &&
		    errno != ECONNABORTED)
			die("accept: %s", strerror(errno));
	}
	close(lfd);

	t0 = now_ns();
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n > 0) {
			errors += pattern_check(seed, total, buf, n, &bad_at);
			if (first_bad < 0 && bad_at >= 0)
				first_bad = total + bad_at;
			total += n;
		} else if (n == 0) {
			eof = 1;
			break;
		} else if (errno == EAGAIN) {
			if (!wait_fd(fd, POLLIN, -1)) {
				complain("timed out after %llu bytes", total);
				break;
			}
		} else if (errno != EINTR) {
			complain("read after %llu bytes: %s", total,
				 strerror(errno));
			break;
		}
	}
	t1 = now_ns();
	/* Closing tells the sender that everything has been delivered. */
	close(fd);

	if (errors)
		complain("%llu bytes differ from the pattern, the first at offset %lld",
			 errors, first_bad);
	if (total != bytes)
		complain("received %llu bytes, expected %llu", total, bytes);
	if (total != bytes || !eof) {
		errors++;
		if (first_bad < 0)
			first_bad = total < bytes ? total : bytes;
	}
	printf("RESULT tcp-recv bytes=%llu usec=%llu errors=%llu first_bad=%lld\n",
	       total, usec_between(t0, t1), errors, first_bad);
	return errors ? 1 : 0;
}

/*
 * One non-blocking connect attempt on @fd.  Returns 0 or the negative
 * errno of the failure, -ETIMEDOUT at the overall deadline.
 */
static int connect_once(int fd, const struct sockaddr_in *sa)
{
	socklen_t len = sizeof(int);
	int err;

	if (!connect(fd, (const struct sockaddr *)sa, sizeof(*sa)))
		return 0;
	if (errno != EINPROGRESS)
		return -errno;
	if (!wait_fd(fd, POLLOUT, -1))
		return -ETIMEDOUT;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len))
		die("SO_ERROR: %s", strerror(errno));
	return -err;
}

static int tcp_send_failed(u64 sent, u64 t0)
{
	printf("RESULT tcp-send bytes=%llu usec=%llu\n", sent,
	       usec_between(t0, now_ns()));
	return 1;
}

static int cmd_tcp_send(char **argv)
{
	struct sockaddr_in sa;
	u64 bytes, off = 0, start, t0;
	size_t len, done;
	u32 seed;
	int fd, err;
	ssize_t n;

	parse_addr(argv[0], argv[1], &sa);
	bytes = parse_num(argv[2], "BYTES", 0, INT64_MAX);
	seed = parse_num(argv[3], "SEED", 0, SEED_MAX);

	start = now_ns();
	for (;;) {
		fd = socket(AF_INET,
			    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0)
			die("socket: %s", strerror(errno));
		err = connect_once(fd, &sa);
		if (!err)
			break;
		close(fd);
		/* The receiver, or its end of the link, may still be starting. */
		if ((err == -ECONNREFUSED || err == -ENETUNREACH ||
		     err == -EHOSTUNREACH) &&
		    now_ns() - start < CONNECT_RETRY_MS * 1000000ULL &&
		    !timed_out()) {
			sleep_us(CONNECT_PAUSE_MS * 1000);
			continue;
		}
		complain("connect to %s:%s: %s", argv[0], argv[1],
			 strerror(-err));
		return tcp_send_failed(0, now_ns());
	}

	t0 = now_ns();
	while (off < bytes) {
		len = bytes - off < TCP_CHUNK ? bytes - off : TCP_CHUNK;
		pattern_fill(seed, off, buf, len);
		for (done = 0; done < len; ) {
			n = send(fd, buf + done, len - done, MSG_NOSIGNAL);
			if (n > 0) {
				done += n;
			} else if (errno == EAGAIN) {
				if (!wait_fd(fd, POLLOUT, -1)) {
					complain("timed out sending");
					return tcp_send_failed(off + done, t0);
				}
			} else if (errno != EINTR) {
				complain("send: %s", strerror(errno));
				return tcp_send_failed(off + done, t0);
			}
		}
		off += len;
	}
	if (shutdown(fd, SHUT_WR)) {
		complain("shutdown: %s", strerror(errno));
		return tcp_send_failed(off, t0);
	}

	/* The receiver closes once it has read everything: time delivery. */
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n == 0)
			break;
		if (n > 0 || errno == EINTR)
			continue;
		if (errno != EAGAIN) {
			complain("waiting for the receiver to close: %s",
				 strerror(errno));
			return tcp_send_failed(off, t0);
		}
		if (!wait_fd(fd, POLLIN, -1)) {
			complain("timed out waiting for the receiver to close");
			return tcp_send_failed(off, t0);
		}
	}
	close(fd);
	printf("RESULT tcp-send bytes=%llu usec=%llu\n", off,
	       usec_between(t0, now_ns()));
	return 0;
}

/* UDP */

struct udp_hdr {
	u32 magic;
	u32 seq;
	u32 size;
	u32 seed;
};

static int cmd_udp_recv(char **argv)
{
	u64 received = 0, corrupt = 0, dups = 0, out_of_range = 0;
	u64 count, size, idle_ms, max_loss = 100, lost, bad;
	u64 start, first = 0, last = 0, t;
	struct sockaddr_in sa;
	struct udp_hdr h;
	unsigned char *seen;
	s64 wait_ms, bad_at;
	u32 seed;
	int fd, failed = 0;
	ssize_t n;

	parse_addr(NULL, argv[0], &sa);
	count = parse_num(argv[1], "COUNT", 1, UDP_COUNT_MAX);
	size = parse_num(argv[2], "SIZE", UDP_HDR_LEN, UDP_SIZE_MAX);
	seed = parse_num(argv[3], "SEED", 0, SEED_MAX);
	idle_ms = parse_num(argv[4], "IDLE_MS", 1, TIMEOUT_MS_MAX);
	if (argv[5])
		max_loss = parse_num(argv[5], "MAX_LOSS_PERCENT", 0, 100);

	seen = calloc(count / 8 + 1, 1);
	if (!seen)
		die("out of memory for %llu sequence numbers", count);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	big_rcvbuf(fd);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("bind to port %s: %s", argv[0], strerror(errno));

	start = now_ns();
	while (received < count) {
		n = recv(fd, buf, sizeof(buf), MSG_TRUNC);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				die("recv: %s", strerror(errno));
			t = now_ns();
			if (last)
				wait_ms = (s64)idle_ms -
					  (s64)(t - last) / 1000000;
			else
				wait_ms = UDP_FIRST_WAIT_MS -
					  (s64)(t - start) / 1000000;
			if (wait_ms <= 0 || !wait_fd(fd, POLLIN, wait_ms))
				break;
			continue;
		}
		last = now_ns();
		if (!first)
			first = last;
		if (n < UDP_HDR_LEN) {
			if (corrupt++ < MAX_REPORTS)
				complain("datagram of %zd bytes", n);
			continue;
		}
		memcpy(&h, buf, sizeof(h));
		h.magic = ntohl(h.magic);
		h.seq = ntohl(h.seq);
		h.size = ntohl(h.size);
		h.seed = ntohl(h.seed);
		if (h.magic != UDP_MAGIC) {
			if (corrupt++ < MAX_REPORTS)
				complain("datagram of %zd bytes with magic %#x",
					 n, h.magic);
			continue;
		}
		if (h.seq >= count) {
			if (out_of_range++ < MAX_REPORTS)
				complain("datagram seq %u, beyond COUNT %llu",
					 h.seq, count);
			continue;
		}
		if ((u64)n != size || h.size != size || h.seed != seed) {
			if (corrupt++ < MAX_REPORTS)
				complain("datagram %u: %zd bytes, header size %u seed %u; expected %llu and %u",
					 h.seq, n, h.size, h.seed, size, seed);
			continue;
		}
		bad = pattern_check(seed ^ h.seq, 0, buf + UDP_HDR_LEN,
				    n - UDP_HDR_LEN, &bad_at);
		if (bad) {
			if (corrupt++ < MAX_REPORTS)
				complain("datagram %u: %llu bytes differ, the first at byte %lld",
					 h.seq, bad, bad_at + UDP_HDR_LEN);
			continue;
		}
		if (seen[h.seq / 8] & (1 << (h.seq % 8))) {
			dups++;
			continue;
		}
		seen[h.seq / 8] |= 1 << (h.seq % 8);
		received++;
	}
	close(fd);
	free(seen);

	if (received < count && timed_out()) {
		complain("timed out");
		failed = 1;
	}
	lost = count - received;
	if (corrupt)
		complain("corrupt datagrams: %llu", corrupt);
	if (out_of_range)
		complain("datagrams out of range: %llu", out_of_range);
	if (!received)
		complain("no datagram received");
	if (lost * 100 > max_loss * count) {
		complain("lost %llu of %llu, more than %llu%%",
			 lost, count, max_loss);
		failed = 1;
	}
	printf("RESULT udp-recv received=%llu lost=%llu corrupt=%llu duplicates=%llu",
	       received, lost, corrupt, dups);
	printf(" usec=%llu bytes=%llu out_of_range=%llu\n",
	       usec_between(first, last), received * size, out_of_range);
	return failed || corrupt || out_of_range || !received;
}

static int cmd_udp_send(char **argv)
{
	u64 count, size, gap = 0, seq, sent = 0, t0;
	struct sockaddr_in sa;
	struct udp_hdr h;
	u32 seed;
	int fd, one = 1, failed = 0;
	ssize_t n;

	parse_addr(argv[0], argv[1], &sa);
	count = parse_num(argv[2], "COUNT", 1, UDP_COUNT_MAX);
	size = parse_num(argv[3], "SIZE", UDP_HDR_LEN, UDP_SIZE_MAX);
	seed = parse_num(argv[4], "SEED", 0, SEED_MAX);
	if (argv[5])
		gap = parse_num(argv[5], "GAP_USEC", 0, GAP_USEC_MAX);

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	/*
	 * Without IP_RECVERR, UDP reports success for a datagram the qdisc
	 * dropped (ENOBUFS is swallowed), and it would count as lost.
	 */
	if (setsockopt(fd, IPPROTO_IP, IP_RECVERR, &one, sizeof(one)))
		die("IP_RECVERR: %s", strerror(errno));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("connect to %s:%s: %s", argv[0], argv[1], strerror(errno));

	t0 = now_ns();
	for (seq = 0; seq < count && !failed; seq++) {
		h.magic = htonl(UDP_MAGIC);
		h.seq = htonl(seq);
		h.size = htonl(size);
		h.seed = htonl(seed);
		memcpy(buf, &h, sizeof(h));
		pattern_fill(seed ^ seq, 0, buf + UDP_HDR_LEN,
			     size - UDP_HDR_LEN);
		for (;;) {
			n = send(fd, buf, size, 0);
			if (n >= 0) {
				sent++;
				break;
			}
			if (timed_out()) {
				complain("timed out sending");
				failed = 1;
				break;
			}
			if (errno == EAGAIN) {
				wait_fd(fd, POLLOUT, -1);
			} else if (errno == ENOBUFS ||
				   errno == ECONNREFUSED) {
				/*
				 * A full queue gives no wakeup, and a refusal
				 * reports an earlier datagram, perhaps from
				 * before the receiver was up: send again.
				 */
				sleep_us(RETRY_PAUSE_US);
			} else if (errno != EINTR) {
				complain("send datagram %llu: %s", seq,
					 strerror(errno));
				failed = 1;
				break;
			}
		}
		if (gap && seq + 1 < count)
			sleep_us(gap);
	}
	close(fd);
	printf("RESULT udp-send sent=%llu usec=%llu bytes=%llu\n",
	       sent, usec_between(t0, now_ns()), sent * size);
	return failed;
}

/* Raw Ethernet frames */

static int cmd_raw_send(char **argv)
{
	unsigned char dst[ETH_ALEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff
	};
	u64 len, count, i, sent = 0, refused = 0;
	struct sockaddr_ll sll;
	struct ifreq ifr;
	int fd, ifindex, failed = 0;

	len = parse_num(argv[1], "LEN", ETH_HLEN, RAW_LEN_MAX);
	count = parse_num(argv[2], "COUNT", 1, RAW_COUNT_MAX);
	if (argv[3] &&
	    sscanf(argv[3], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx%c", &dst[0], &dst[1],
		   &dst[2], &dst[3], &dst[4], &dst[5], &(char){ 0 }) != 6)
		die("DST must be a MAC address like 02:00:00:00:00:01, not '%s'",
		    argv[3]);

	/* Protocol 0: a socket only for sending never queues frames. */
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("AF_PACKET socket: %s", strerror(errno));
	ifindex = if_index(fd, argv[0], &ifr);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
		die("SIOCGIFHWADDR on %s: %s", argv[0], strerror(errno));

	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		die("bind to %s: %s", argv[0], strerror(errno));
	sll.sll_protocol = htons(ETH_P_NETTEST);
	sll.sll_halen = ETH_ALEN;
	memcpy(sll.sll_addr, dst, ETH_ALEN);

	memset(buf, 0, len);
	memcpy(buf, dst, ETH_ALEN);
	memcpy(buf + ETH_ALEN, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	buf[12] = ETH_P_NETTEST >> 8;
	buf[13] = ETH_P_NETTEST & 0xff;
	if (len >= RAW_HDR_LEN) {
		buf[14] = len >> 8;
		buf[15] = len & 0xff;
		pattern_fill(len, 0, buf + RAW_HDR_LEN, len - RAW_HDR_LEN);
	}

	for (i = 0; i < count && !failed; ) {
		if (sendto(fd, buf, len, 0, (struct sockaddr *)&sll,
			   sizeof(sll)) >= 0) {
			sent++;
			i++;
			continue;
		}
		if (errno == EMSGSIZE || errno == EINVAL) {
			refused++;
			i++;
			continue;
		}
		if (timed_out()) {
			complain("timed out sending");
			failed = 1;
		} else if (errno == EAGAIN) {
			wait_fd(fd, POLLOUT, -1);
		} else if (errno == ENOBUFS) {
			/* The qdisc was full: no wakeup will come. */
			sleep_us(RETRY_PAUSE_US);
		} else if (errno != EINTR) {
			die("send on %s: %s", argv[0], strerror(errno));
		}
	}
	close(fd);
	printf("RESULT raw-send sent=%llu refused=%llu\n", sent, refused);
	return failed;
}

/*
 * Checks one received frame of @n bytes (see the header comment for the
 * format).  Returns NULL if it is good, else why not, using @why.
 */
static const char *raw_check(const unsigned char *f, size_t n, char *why,
			     size_t why_len)
{
	s64 bad_at;
	u64 bad;
	size_t orig;

	if (n > sizeof(buf))
		return "longer than the receive buffer";
	if (n < ETH_HLEN)
		return "shorter than an Ethernet header";
	if (n < RAW_HDR_LEN)
		return n == ETH_HLEN || !f[ETH_HLEN] ? NULL :
		       "15-byte frame with a non-zero payload";
	orig = f[14] << 8 | f[15];
	if (orig == n)
		goto check_pattern;
	if (orig != 0 && orig < RAW_HDR_LEN) {
		snprintf(why, why_len, "impossible length field %zu", orig);
		return why;
	}
	/* Hardware pads runts to the minimum frame, and no further. */
	if (orig >= ETH_ZLEN || n != ETH_ZLEN) {
		snprintf(why, why_len, "%zu bytes, length field says %zu", n,
			 orig);
		return why;
	}
	/* Length 0: a 14- or 15-byte frame, all padding after the header. */
	if (!orig)
		return NULL;
check_pattern:
	bad = pattern_check(orig, 0, f + RAW_HDR_LEN, orig - RAW_HDR_LEN,
			    &bad_at);
	if (!bad)
		return NULL;
	snprintf(why, why_len, "%llu bytes differ, the first at byte %lld",
		 bad, bad_at + RAW_HDR_LEN);
	return why;
}

static int cmd_raw_recv(char **argv)
{
	u64 count, timeout_ms, received = 0, corrupt = 0, last;
	size_t min_len = 0, max_len = 0;
	struct packet_mreq mr;
	struct sockaddr_ll sll;
	socklen_t sll_len;
	struct ifreq ifr;
	const char *why;
	char why_buf[96];
	s64 wait_ms;
	int fd, failed = 0;
	ssize_t n;

	count = parse_num(argv[1], "COUNT", 1, RAW_COUNT_MAX);
	timeout_ms = parse_num(argv[2], "TIMEOUT_MS", 1, TIMEOUT_MS_MAX);
	memset(&mr, 0, sizeof(mr));
	if (argv[3] && !strcmp(argv[3], "allmulti")) {
		mr.mr_type = PACKET_MR_ALLMULTI;
	} else if (argv[3] && !strcmp(argv[3], "promisc")) {
		mr.mr_type = PACKET_MR_PROMISC;
	} else if (argv[3]) {
		mr.mr_type = PACKET_MR_MULTICAST;
		mr.mr_alen = ETH_ALEN;
		if (sscanf(argv[3], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx%c",
			   &mr.mr_address[0], &mr.mr_address[1],
			   &mr.mr_address[2], &mr.mr_address[3],
			   &mr.mr_address[4], &mr.mr_address[5],
			   &(char){ 0 }) != 6)
			die("JOIN must be a MAC address, allmulti or promisc, not '%s'",
			    argv[3]);
	}

	/*
	 * Protocol 0 until bound: a socket created with the protocol would
	 * queue matching frames from every interface in the meantime.
	 */
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("AF_PACKET socket: %s", strerror(errno));
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_NETTEST);
	sll.sll_ifindex = if_index(fd, argv[0], &ifr);
	big_rcvbuf(fd);
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		die("bind to %s: %s", argv[0], strerror(errno));
	mr.mr_ifindex = sll.sll_ifindex;
	if (argv[3] && setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr,
				  sizeof(mr)))
		die("joining %s on %s: %s", argv[3], argv[0], strerror(errno));

	last = now_ns();
	while (received < count) {
		sll_len = sizeof(sll);
		n = recvfrom(fd, buf, sizeof(buf), MSG_TRUNC,
			     (struct sockaddr *)&sll, &sll_len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				die("recv on %s: %s", argv[0], strerror(errno));
			wait_ms = (s64)timeout_ms -
				  (s64)(now_ns() - last) / 1000000;
			if (wait_ms <= 0 || !wait_fd(fd, POLLIN, wait_ms))
				break;
			continue;
		}
		/* Frames this host sends out of the interface show up too. */
		if (sll.sll_pkttype == PACKET_OUTGOING)
			continue;
		last = now_ns();
		received++;
		if (!min_len || (size_t)n < min_len)
			min_len = n;
		if ((size_t)n > max_len)
			max_len = n;
		why = raw_check(buf, n, why_buf, sizeof(why_buf));
		if (why && corrupt++ < MAX_REPORTS)
			complain("frame %llu of %zd bytes: %s", received,
				 n, why);
	}
	close(fd);

	if (received < count && timed_out()) {
		complain("timed out");
		failed = 1;
	}
	if (corrupt)
		complain("corrupt frames: %llu", corrupt);
	printf("RESULT raw-recv received=%llu corrupt=%llu min_len=%zu max_len=%zu\n",
	       received, corrupt, min_len, max_len);
	return failed || corrupt;
}

/* Commands */

static const struct command {
	const char *name;
	const char *args;
	const char *help;
	int min_args, max_args;
	int (*run)(char **argv);	/* argv is NULL-terminated */
} commands[] = {
	{ "tcp-recv", "PORT BYTES SEED",
	  "accept one connection, check BYTES pattern bytes until EOF",
	  3, 3, cmd_tcp_recv },
	{ "tcp-send", "ADDR PORT BYTES SEED",
	  "connect (retrying for 10 s), send BYTES pattern bytes",
	  4, 4, cmd_tcp_send },
	{ "udp-recv", "PORT COUNT SIZE SEED IDLE_MS [MAX_LOSS_PERCENT]",
	  "check COUNT datagrams, until none came for IDLE_MS",
	  5, 6, cmd_udp_recv },
	{ "udp-send", "ADDR PORT COUNT SIZE SEED [GAP_USEC]",
	  "send COUNT datagrams of SIZE (16..65507) bytes, GAP_USEC apart",
	  5, 6, cmd_udp_send },
	{ "raw-send", "IFNAME LEN COUNT [DST]",
	  "send COUNT frames of LEN (14..65535) bytes, type 0x88B5, to DST\n"
	  "      (a MAC address; default broadcast)",
	  3, 4, cmd_raw_send },
	{ "raw-recv", "IFNAME COUNT TIMEOUT_MS [JOIN]",
	  "check up to COUNT frames, until none came for TIMEOUT_MS,\n"
	  "      joined to JOIN (a multicast MAC address, allmulti or promisc)",
	  3, 4, cmd_raw_recv },
};

static void show_usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: nettest [-t SECONDS] COMMAND ARGS...\n"
		   "       nettest -h\n\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %s %s\n      %s\n", commands[i].name,
			commands[i].args, commands[i].help);
	fputs("\n"
	      "  -t SECONDS  give up after SECONDS in all (default 120, 0: never)\n"
	      "\n"
	      "Prints one line \"RESULT COMMAND key=value...\" on stdout.\n"
	      "Exit status: 0 passed, 1 check failed, 2 usage or setup error.\n",
	      f);
}

int main(int argc, char **argv)
{
	u64 timeout_s = 120;
	const struct command *cmd;
	int opt, nargs;
	size_t i;

	while ((opt = getopt(argc, argv, "+ht:")) != -1) {
		switch (opt) {
		case 'h':
			show_usage(stdout);
			return 0;
		case 't':
			timeout_s = parse_num(optarg, "SECONDS", 0, 86400);
			break;
		default:
			show_usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		show_usage(stderr);
		return 2;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[optind], commands[i].name))
			break;
	if (i == ARRAY_SIZE(commands))
		die("unknown command '%s' (nettest -h lists them)",
		    argv[optind]);
	cmd = &commands[i];
	nargs = argc - optind - 1;
	if (nargs < cmd->min_args || nargs > cmd->max_args)
		die("usage: nettest %s %s", cmd->name, cmd->args);
	if (timeout_s)
		deadline_ns = now_ns() + timeout_s * 1000000000ULL;
	return cmd->run(argv + optind + 1);
}
