/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The operations `make bench` measures: each kcell operation next to the
 * hand-written C a careful driver author would use for the same guarantee
 * (the same atomic instruction, ordering, refusal and state check).  Both
 * the instruction-count module (framework/bench/) and the KUnit timing
 * suite (kcell_bench_kunit.c) include this file, so both measure the same
 * code.
 *
 * Every function is noinline and takes its state by pointer, so the
 * compiler can neither fold it into the caller nor constant-fold it.
 */
#ifndef _KCELL_BENCH_OPS_H
#define _KCELL_BENCH_OPS_H

#include <kcell/kcell.h>
#include <linux/spinlock.h>
#include <linux/srcu.h>

struct bench_item {
	unsigned long value;
};

struct bench_stats {
	u64 packets;
	u64 bytes;
};

/* The kcell side. */
struct bench_cells {
	DECLARE_TAKE_CELL(take, struct bench_item);
	DECLARE_MAP_CELL(map, struct bench_stats);
	DECLARE_OPTIONAL_CELL(opt, unsigned long);
	struct dma_lease lease;
	struct dma_region region;
	struct kcell_revocable rv;
	struct bench_stats guarded;	/* what the revocable guards */
	struct kcell_domain domain;	/* borrowed as the revocable is */
	DECLARE_SECRET_BYTES(secret, 16);
	spinlock_t lock;		/* held around the _locked operations */
};

/* The hand-written side: the same state, in plain members. */
enum { HAND_EMPTY, HAND_FULL, HAND_BORROWED, HAND_BUSY };
enum { HAND_UNMAPPED, HAND_CPU, HAND_DEVICE, HAND_IN_TRANSIT };

struct bench_hand {
	struct bench_item *take;
	atomic_t map_state;
	struct bench_stats map;
	raw_spinlock_t opt_lock;
	bool opt_some;
	unsigned long opt;
	struct device *dev;
	void *cpu;
	dma_addr_t bus;
	size_t len;
	enum dma_data_direction dir;
	atomic_t lease_state;
	void *region;
	size_t region_size;
	struct bench_stats guarded;
	struct srcu_struct srcu;	/* mainline's revocable: SRCU + a pointer */
	struct bench_stats __rcu *guarded_rcu;
	u8 secret[16];
	spinlock_t lock;		/* held around the _locked operations */
};

/* take + put back: the TakeCell round trip. */
static noinline __used unsigned long bench_kcell_take_put(struct bench_cells *c)
{
	struct bench_item *it = take_cell_take(&c->take);

	if (!it)
		return 0;
	it->value++;
	return take_cell_put(&c->take, it) ? it->value : 0;
}

static noinline __used unsigned long bench_hand_take_put(struct bench_hand *h)
{
	struct bench_item *it = xchg(&h->take, NULL);

	if (!it)
		return 0;
	it->value++;
	return !cmpxchg(&h->take, NULL, it) ? it->value : 0;
}

/* The scoped borrow: put back on exit, never over a refilled cell. */
static noinline __used unsigned long bench_kcell_take_map(struct bench_cells *c)
{
	unsigned long v = 0;

	take_cell_map(&c->take, it)
		v = ++it->value;
	return v;
}

static noinline __used unsigned long bench_hand_take_map(struct bench_hand *h)
{
	struct bench_item *it = xchg(&h->take, NULL);
	unsigned long v;

	if (!it)
		return 0;
	v = ++it->value;
	if (unlikely(cmpxchg(&h->take, NULL, it)))
		WARN(1, "cell refilled while borrowed\n");
	return v;
}

/* The same under a lock held by the caller. */
static noinline __used unsigned long bench_kcell_take_locked(struct bench_cells *c)
{
	struct bench_item *it = take_cell_take_locked(&c->take, &c->lock);

	if (!it)
		return 0;
	it->value++;
	return take_cell_put_locked(&c->take, it, &c->lock) ? it->value : 0;
}

static noinline __used unsigned long bench_hand_take_locked(struct bench_hand *h)
{
	struct bench_item *it;

	lockdep_assert_held(&h->lock);
	it = h->take;
	if (!it)
		return 0;
	WRITE_ONCE(h->take, NULL);
	it->value++;
	lockdep_assert_held(&h->lock);
	if (h->take)
		return 0;
	WRITE_ONCE(h->take, it);
	return it->value;
}

/* MapCell: lend the value in place. */
static noinline __used unsigned long bench_kcell_map(struct bench_cells *c)
{
	unsigned long v = 0;

	map_cell_map(&c->map, st) {
		st->packets++;
		st->bytes += 64;
		v = st->packets;
	}
	return v;
}

static noinline __used unsigned long bench_hand_map(struct bench_hand *h)
{
	int old = HAND_FULL;
	unsigned long v;

	if (!atomic_try_cmpxchg_acquire(&h->map_state, &old, HAND_BORROWED))
		return 0;
	h->map.packets++;
	h->map.bytes += 64;
	v = h->map.packets;
	atomic_set_release(&h->map_state, HAND_FULL);
	return v;
}

/* MapCell: move the value out and back in. */
static noinline __used unsigned long bench_kcell_map_take_put(struct bench_cells *c)
{
	struct bench_stats st;

	if (!map_cell_take(&c->map, &st))
		return 0;
	st.packets++;
	return map_cell_put(&c->map, st) ? st.packets : 0;
}

static noinline __used unsigned long bench_hand_map_take_put(struct bench_hand *h)
{
	struct bench_stats st;
	int old = HAND_FULL;

	if (!atomic_try_cmpxchg_acquire(&h->map_state, &old, HAND_BUSY))
		return 0;
	st = h->map;
	atomic_set_release(&h->map_state, HAND_EMPTY);
	st.packets++;
	old = HAND_EMPTY;
	if (!atomic_try_cmpxchg_acquire(&h->map_state, &old, HAND_BUSY))
		return 0;
	h->map = st;
	atomic_set_release(&h->map_state, HAND_FULL);
	return st.packets;
}

/* OptionalCell: set, then take. */
static noinline __used unsigned long bench_kcell_optional(struct bench_cells *c)
{
	unsigned long v = 0;

	optional_cell_set(&c->opt, 42UL);
	return optional_cell_take(&c->opt, &v) ? v : 0;
}

static noinline __used unsigned long bench_hand_optional(struct bench_hand *h)
{
	unsigned long flags, v = 0;
	bool some;

	raw_spin_lock_irqsave(&h->opt_lock, flags);
	h->opt = 42;
	WRITE_ONCE(h->opt_some, true);
	raw_spin_unlock_irqrestore(&h->opt_lock, flags);

	raw_spin_lock_irqsave(&h->opt_lock, flags);
	some = h->opt_some;
	if (some) {
		v = h->opt;
		WRITE_ONCE(h->opt_some, false);
	}
	raw_spin_unlock_irqrestore(&h->opt_lock, flags);
	return some ? v : 0;
}

/* A lease's round trip: grant to the device, reclaim, touch the buffer. */
static noinline __used unsigned long bench_kcell_lease(struct bench_cells *c)
{
	kcell_dma_t bus = dma_lease_grant(&c->lease);
	u8 *buf;

	if (kcell_dma_is_error(bus))
		return 0;
	buf = dma_lease_reclaim(&c->lease);
	return buf ? ++buf[0] : 0;
}

/*
 * The hand-written lease: the same states and syncs, and the same interface
 * (an error address from a refused grant, the CPU pointer back from a
 * reclaim of a CPU-owned buffer), so that both are called alike.  Each
 * transition holds the buffer in transit, nobody's, for the length of its
 * sync, as the lease does: a reclaim racing a grant cannot sync for the
 * CPU before the grant's sync for the device.
 */
static inline dma_addr_t hand_grant(struct bench_hand *h)
{
	int old = HAND_CPU;

	if (!atomic_try_cmpxchg(&h->lease_state, &old, HAND_IN_TRANSIT))
		return DMA_MAPPING_ERROR;
	dma_sync_single_for_device(h->dev, h->bus, h->len, h->dir);
	atomic_set_release(&h->lease_state, HAND_DEVICE);
	return h->bus;
}

static inline void *hand_reclaim(struct bench_hand *h)
{
	int old = HAND_DEVICE;

	if (!atomic_try_cmpxchg(&h->lease_state, &old, HAND_IN_TRANSIT))
		return old == HAND_CPU ? h->cpu : NULL;
	dma_sync_single_for_cpu(h->dev, h->bus, h->len, h->dir);
	atomic_set_release(&h->lease_state, HAND_CPU);
	return h->cpu;
}

static noinline __used unsigned long bench_hand_lease(struct bench_hand *h)
{
	u8 *buf;

	if (hand_grant(h) == DMA_MAPPING_ERROR)
		return 0;
	buf = hand_reclaim(h);
	return buf ? ++buf[0] : 0;
}

/* A descriptor field through a region: bounds-checked, whole. */
static noinline __used unsigned long bench_kcell_region(struct bench_cells *c, size_t off)
{
	__le32 v = 0;

	if (dma_region_read(&c->region, off, &v))
		return 0;
	v = cpu_to_le32(le32_to_cpu(v) + 1);
	return dma_region_write(&c->region, off, v) ? 0 : le32_to_cpu(v);
}

static noinline __used unsigned long bench_hand_region(struct bench_hand *h, size_t off)
{
	__le32 *at, v;

	if (off >= h->region_size || h->region_size - off < sizeof(v) ||
	    (off & (sizeof(v) - 1)))
		return 0;
	at = h->region + off;
	v = cpu_to_le32(le32_to_cpu(READ_ONCE(*at)) + 1);
	WRITE_ONCE(*at, v);
	return le32_to_cpu(v);
}

/*
 * A revocable borrow around an access, against the plain access with no
 * revocation at all: what a driver pays for "the device may be gone".
 */
static __always_inline unsigned long bench_revocable_borrow(struct bench_cells *c)
{
	unsigned long v = 0;

	revocable_borrow(&c->rv) {
		c->guarded.packets++;
		v = c->guarded.packets;
	}
	return v;
}

static noinline __used unsigned long bench_kcell_revocable(struct bench_cells *c)
{
	return bench_revocable_borrow(c);
}

static noinline __used unsigned long bench_hand_revocable(struct bench_hand *h)
{
	h->guarded.packets++;
	return h->guarded.packets;
}

/*
 * A fault domain's borrow around the same access, against the same plain
 * access: in release it is the revocable borrow above; in debug mode it
 * also opens a report scope (an entry of the module's table, under its
 * lock), so that a misuse inside it faults the domain.
 */
static noinline __used unsigned long bench_kcell_domain(struct bench_cells *c)
{
	unsigned long v = 0;

	kcell_domain_borrow(&c->domain) {
		c->guarded.packets++;
		v = c->guarded.packets;
	}
	return v;
}

static noinline __used unsigned long bench_hand_domain(struct bench_hand *h)
{
	h->guarded.packets++;
	return h->guarded.packets;
}

/* The steps of the bench's domain, which never faults. */
static void bench_domain_nop(struct kcell_domain *d) { }

static int bench_domain_restart(struct kcell_domain *d)
{
	return 0;
}

static const struct kcell_domain_ops bench_domain_ops __maybe_unused = {
	.quiesce = bench_domain_nop,
	.reclaim = bench_domain_nop,
	.restart = bench_domain_restart,
};

/*
 * The same borrow against the read side of the SRCU-based revocable that
 * driver-core merged and reverted in 2026: srcu_read_lock(), a dereference
 * of the resource pointer, srcu_read_unlock().
 */
static noinline __used unsigned long bench_kcell_revocable_srcu(struct bench_cells *c)
{
	return bench_revocable_borrow(c);
}

/*
 * Labelled bytes read, mixed, written back and one word declassified,
 * against the same on plain bytes: the label is for sparse and the rules
 * alone, so both sides should compile to the same code.
 */
static noinline __used unsigned long bench_kcell_secret(struct bench_cells *c)
{
	secret_byte *p = secret_bytes(&c->secret);
	secret_u32 w = secret_load_u32(p);

	w = secret_add(w ^ secret_shl(w, 7), secret_label_u32(0x9e3779b9));
	secret_store_u32(p, w);
	return declassify_u32(w);
}

static noinline __used unsigned long bench_hand_secret(struct bench_hand *h)
{
	u32 w;

	memcpy(&w, h->secret, sizeof(w));
	w = (w ^ (w << 7)) + 0x9e3779b9;
	memcpy(h->secret, &w, sizeof(w));
	return w;
}

static noinline __used unsigned long bench_hand_revocable_srcu(struct bench_hand *h)
{
	struct bench_stats *st;
	unsigned long v = 0;
	int idx;

	idx = srcu_read_lock(&h->srcu);
	st = srcu_dereference(h->guarded_rcu, &h->srcu);
	if (st) {
		st->packets++;
		v = st->packets;
	}
	srcu_read_unlock(&h->srcu, idx);
	return v;
}

#endif /* _KCELL_BENCH_OPS_H */
