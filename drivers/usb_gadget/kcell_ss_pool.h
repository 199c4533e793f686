/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The request pool of a kcell_ss endpoint: its usb_requests, the cells
 * they live in while the function owns them, and Gadget Zero's data
 * patterns.  Nothing here knows about configfs or the composite core, so
 * that KUnit drives it against a fake endpoint.
 */
#ifndef KCELL_SS_POOL_H
#define KCELL_SS_POOL_H

#include <linux/types.h>
#include <linux/usb/gadget.h>

#include <kcell/kcell.h>

/* Gadget Zero's data patterns (the "pattern" attribute). */
#define KCELL_SS_PATTERN_ZERO	0	/* every byte 0 */
#define KCELL_SS_PATTERN_MOD63	1	/* (i mod wMaxPacketSize) mod 63 */
#define KCELL_SS_PATTERN_NONE	2	/* neither written nor checked */

struct dentry;
struct kcell_ss_pool;

/*
 * One request of a pool (a plain comment: kernel-doc does not parse
 * DECLARE_TAKE_CELL members): @req holds the request and its buffer while
 * the function owns them and is empty while the controller does; @pool is
 * the pool the slot belongs to.
 */
struct kcell_ss_slot {
	DECLARE_TAKE_CELL(req, struct usb_request);
	struct kcell_ss_pool *pool;
};

/*
 * The largest bulk wMaxPacketSize (SuperSpeed): a buffer of a multiple of
 * it holds an OUT request's length rounded up to whole packets at any speed.
 */
#define KCELL_SS_MAXP_MAX	1024

/**
 * struct kcell_ss_pool - the requests of one bulk endpoint
 * @ep: the endpoint, enabled before kcell_ss_pool_start()
 * @domain: the function's fault domain: a completion requeues its request
 *	only inside a borrow of it, and parks it in its cell while it is
 *	revoked; an OUT transfer longer than its request is a fault
 *	(KCELL_FAULT_GARBAGE).  The domain's start kicks the pool again
 * @loop: in loopback, the pool of the other direction: slot i here pairs
 *	with slot i there, and one buffer moves between the two requests;
 *	NULL for a source or a sink
 * @slots: the requests, @nslots of them once allocated
 * @nslots: requests allocated
 * @buflen: bytes per request
 * @pattern: KCELL_SS_PATTERN_* written by a source, checked by a sink
 * @in: IN (source, or loopback's echo) rather than OUT
 * @running: from kcell_ss_pool_start() to kcell_ss_pool_stop(): a request that
 *	comes back cut short (disabled, dequeued, aborted) goes to the
 *	controller again rather than waiting in its cell
 * @transfers: transfers the controller completed (status 0, whole or
 *	short) since kcell_ss_pool_alloc()
 * @bytes: the bytes they carried, modulo ULONG_MAX + 1
 *
 * The caller sets @ep, @domain, @loop, @buflen, @pattern and @in; the rest
 * belongs to the pool.  @transfers and @bytes are written by the endpoint's
 * completions, which its controller serialises, and read by
 * kcell_ss_pool_show() at any time.
 */
struct kcell_ss_pool {
	struct usb_ep *ep;
	struct kcell_domain *domain;
	struct kcell_ss_pool *loop;
	struct kcell_ss_slot *slots;
	unsigned int nslots;
	unsigned int buflen;
	unsigned int pattern;
	bool in;
	bool running;
	unsigned long transfers;
	unsigned long bytes;
};

int kcell_ss_pool_alloc(struct kcell_ss_pool *pool, unsigned int qlen,
			gfp_t gfp);
int kcell_ss_pool_start(struct kcell_ss_pool *pool);
void kcell_ss_pool_stop(struct kcell_ss_pool *pool);
unsigned int kcell_ss_pool_away(struct kcell_ss_pool *pool);
unsigned int kcell_ss_pool_free(struct kcell_ss_pool *pool);
int kcell_ss_pool_show(struct kcell_ss_pool *pool, char *page, int at);
void kcell_ss_pool_debugfs(struct dentry *dir);

#endif /* KCELL_SS_POOL_H */
