// SPDX-License-Identifier: GPL-2.0
/*
 * gzhost - the host side of Gadget Zero checks that usbtest cannot make,
 * through usbfs.  Both detach whatever driver holds interface 0 of DEVICE
 * (/dev/bus/usb/BBB/DDD; usbtest normally) and claim it.
 *
 *   gzhost echo DEVICE BUFLEN ROUNDS
 *
 * For a loopback function (usbtest reads and writes the bulk endpoints
 * independently, so it has no loopback test): for each of a set of
 * transfer sizes up to BUFLEN (the gadget's bulk_buflen), ROUNDS times,
 * writes a pattern that changes with every transfer to the bulk OUT
 * endpoint and reads it back from the bulk IN endpoint: the echo must have
 * the same length and the same bytes.  A write whose length is a multiple
 * of wMaxPacketSize ends with a zero-length packet, so the gadget sees
 * where it ends, and the echo must end the same way.  Each transfer times
 * out after 5 s.  Exit status 0 if every echo matched.
 *
 *   gzhost stream DEVICE
 *
 * For a source/sink function: keeps 8 bulk IN and 8 bulk OUT URBs of 16
 * KiB in flight (zeroes out), resubmitting each as it completes, until
 * one fails: what a disconnect does.  usbtest holds the device lock for a
 * whole test, so a disconnect from the host side would wait for its end;
 * usbfs URBs leave it free.  Prints the URBs completed before the first
 * failure.  Exit status 0 if some completed and then one failed within
 * 60 s.
 *
 *   gzhost clear DEVICE
 *
 * What a host driver does when a bulk transfer stalls: clears the halt of
 * both bulk endpoints (CLEAR_FEATURE(ENDPOINT_HALT), which also resets
 * both sides' data toggles), then gives interface 0 back to its kernel
 * driver.  Prints whether each endpoint was halted.  Exit status 0 if both
 * were cleared.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/usb/ch9.h>
#include <linux/usbdevice_fs.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int fd;

/* Finds the bulk endpoints of interface 0 in the descriptors usbfs gives. */
static int find_bulk(unsigned char *in, unsigned char *out, unsigned int *maxp)
{
	unsigned char d[4096];
	ssize_t n = read(fd, d, sizeof(d));
	ssize_t i;

	*in = *out = 0;
	for (i = 0; i + 1 < n && d[i] >= 2; i += d[i]) {
		if (d[i + 1] != USB_DT_ENDPOINT || d[i] < USB_DT_ENDPOINT_SIZE)
			continue;
		if ((d[i + 3] & USB_ENDPOINT_XFERTYPE_MASK) != USB_ENDPOINT_XFER_BULK)
			continue;
		if (d[i + 2] & USB_DIR_IN)
			*in = d[i + 2];
		else
			*out = d[i + 2];
		*maxp = d[i + 4] | (d[i + 5] & 0x7) << 8;
	}
	return *in && *out ? 0 : -1;
}

/* One bulk transfer; returns the bytes transferred or -1. */
static int xfer(unsigned char ep, unsigned char *buf, int len, int zlp)
{
	struct usbdevfs_urb urb = {
		.type = USBDEVFS_URB_TYPE_BULK,
		.endpoint = ep,
		.buffer = buf,
		.buffer_length = len,
		.flags = zlp ? USBDEVFS_URB_ZERO_PACKET : 0,
	};
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	struct usbdevfs_urb *done;

	if (ioctl(fd, USBDEVFS_SUBMITURB, &urb)) {
		perror("gzhost: submit");
		return -1;
	}
	if (poll(&p, 1, 5000) != 1) {
		fprintf(stderr, "gzhost: endpoint %#x: no completion in 5 s\n", ep);
		ioctl(fd, USBDEVFS_DISCARDURB, &urb);
		ioctl(fd, USBDEVFS_REAPURB, &done);
		return -1;
	}
	if (ioctl(fd, USBDEVFS_REAPURB, &done) || done != &urb) {
		perror("gzhost: reap");
		return -1;
	}
	if (urb.status) {
		fprintf(stderr, "gzhost: endpoint %#x: status %d\n", ep, urb.status);
		return -1;
	}
	return urb.actual_length;
}

/* Opens DEVICE, finds its bulk endpoints and claims interface 0. */
static int claim(const char *dev, unsigned char *in, unsigned char *out,
		 unsigned int *maxp)
{
	struct usbdevfs_ioctl detach = { .ifno = 0, .ioctl_code = USBDEVFS_DISCONNECT };
	unsigned int ifno = 0;

	fd = open(dev, O_RDWR);
	if (fd < 0) {
		perror(dev);
		return -1;
	}
	if (find_bulk(in, out, maxp)) {
		fprintf(stderr, "gzhost: %s: no bulk endpoints\n", dev);
		return -1;
	}
	/* No driver may be bound (ENODATA). */
	if (ioctl(fd, USBDEVFS_IOCTL, &detach) && errno != ENODATA) {
		perror("gzhost: detach");
		return -1;
	}
	if (ioctl(fd, USBDEVFS_CLAIMINTERFACE, &ifno)) {
		perror("gzhost: claiming interface 0");
		return -1;
	}
	return 0;
}

static int echo(const char *dev, unsigned int buflen, unsigned int rounds)
{
	unsigned int maxp, r, s, i, n = 0;
	unsigned char in, out, *wbuf, *rbuf;
	unsigned long bytes = 0;
	unsigned int sizes[8];
	int got;

	if (buflen < 2 || claim(dev, &in, &out, &maxp))
		return 1;
	wbuf = malloc(buflen);
	rbuf = malloc(buflen);
	if (!wbuf || !rbuf)
		return 2;
	/* One byte, short packets, packet multiples (with a ZLP), full. */
	sizes[0] = 1;
	sizes[1] = maxp - 1;
	sizes[2] = maxp;
	sizes[3] = maxp + 1;
	sizes[4] = 3 * maxp;
	sizes[5] = buflen / 2 + 1;
	sizes[6] = buflen - 1;
	sizes[7] = buflen;
	for (r = 0; r < rounds; r++) {
		for (s = 0; s < 8; s++) {
			unsigned int len = sizes[s];

			if (len == 0 || len > buflen)
				continue;
			for (i = 0; i < len; i++)
				wbuf[i] = (unsigned char)(i * 7 + r * 13 + s);
			memset(rbuf, ~wbuf[0], buflen);
			if (xfer(out, wbuf, len, len % maxp == 0 && len < buflen) != (int)len)
				return 1;
			got = xfer(in, rbuf, buflen, 0);
			if (got != (int)len) {
				fprintf(stderr, "gzhost: wrote %u bytes, read back %d\n",
					len, got);
				return 1;
			}
			for (i = 0; i < len; i++) {
				if (rbuf[i] == wbuf[i])
					continue;
				fprintf(stderr,
					"gzhost: %u bytes echoed: byte %u is %#x, not %#x\n",
					len, i, rbuf[i], wbuf[i]);
				return 1;
			}
			n++;
			bytes += len;
		}
	}
	printf("gzhost: %u echoes, %lu bytes, all matched\n", n, bytes);
	return 0;
}

#define STREAM_URBS	8
#define STREAM_LEN	16384

static int stream(const char *dev)
{
	static unsigned char bufs[2 * STREAM_URBS][STREAM_LEN];
	struct usbdevfs_urb urbs[2 * STREAM_URBS], *done;
	unsigned int maxp, i, inflight = 0, completed = 0;
	struct pollfd p = { .events = POLLOUT };
	unsigned char in, out;
	int failed = 0;

	if (claim(dev, &in, &out, &maxp))
		return 1;
	p.fd = fd;
	memset(urbs, 0, sizeof(urbs));
	for (i = 0; i < 2 * STREAM_URBS; i++) {
		urbs[i].type = USBDEVFS_URB_TYPE_BULK;
		urbs[i].endpoint = i < STREAM_URBS ? in : out;
		urbs[i].buffer = bufs[i];
		urbs[i].buffer_length = STREAM_LEN;
		if (ioctl(fd, USBDEVFS_SUBMITURB, &urbs[i])) {
			perror("gzhost: submit");
			return 1;
		}
		inflight++;
	}
	while (inflight) {
		if (poll(&p, 1, 60000) != 1) {
			fprintf(stderr, "gzhost: %u URBs done, then nothing for 60 s\n",
				completed);
			return 1;
		}
		if (ioctl(fd, USBDEVFS_REAPURB, &done)) {
			/* The device is gone: usbfs has given back every URB. */
			if (errno != ENODEV) {
				perror("gzhost: reap");
				return 1;
			}
			if (!failed)
				failed = -ENODEV;
			break;
		}
		inflight--;
		if (done->status) {
			if (!failed)
				failed = done->status;
			continue;
		}
		completed++;
		if (!failed && !ioctl(fd, USBDEVFS_SUBMITURB, done))
			inflight++;
		else if (!failed)
			failed = -errno;
	}
	printf("gzhost: %u URBs done, then %d\n", completed, failed);
	return completed && failed ? 0 : 1;
}

/* Whether endpoint @ep is halted: GET_STATUS(ENDPOINT), bit 0. */
static int halted(unsigned char ep)
{
	unsigned char status[2] = { 0, 0 };
	struct usbdevfs_ctrltransfer get = {
		.bRequestType = USB_DIR_IN | USB_RECIP_ENDPOINT,
		.bRequest = USB_REQ_GET_STATUS,
		.wIndex = ep,
		.wLength = sizeof(status),
		.timeout = 5000,
		.data = status,
	};

	if (ioctl(fd, USBDEVFS_CONTROL, &get) != sizeof(status))
		return -1;
	return status[0] & 1;
}

static int clear_halts(const char *dev)
{
	struct usbdevfs_ioctl attach = { .ifno = 0, .ioctl_code = USBDEVFS_CONNECT };
	unsigned int maxp, ep_in, ep_out, ifno = 0;
	unsigned char in, out;
	int rc = 0;

	if (claim(dev, &in, &out, &maxp))
		return 1;
	printf("gzhost: halted before: in %d out %d\n", halted(in), halted(out));
	ep_in = in;
	ep_out = out;
	if (ioctl(fd, USBDEVFS_CLEAR_HALT, &ep_in) ||
	    ioctl(fd, USBDEVFS_CLEAR_HALT, &ep_out)) {
		perror("gzhost: clear halt");
		rc = 1;
	}
	if (ioctl(fd, USBDEVFS_RELEASEINTERFACE, &ifno) ||
	    ioctl(fd, USBDEVFS_IOCTL, &attach)) {
		perror("gzhost: giving interface 0 back");
		rc = 1;
	}
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "echo"))
		return echo(argv[2], strtoul(argv[3], NULL, 0),
			    strtoul(argv[4], NULL, 0));
	if (argc == 3 && !strcmp(argv[1], "stream"))
		return stream(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "clear"))
		return clear_halts(argv[2]);
	fprintf(stderr, "usage: gzhost echo DEVICE BUFLEN ROUNDS\n"
			"       gzhost stream DEVICE\n"
			"       gzhost clear DEVICE\n");
	return 2;
}
