/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcell ownership contracts - who owns a DMA lease, checked across functions
 *
 * A driver splits a buffer's life over many functions: probe maps it, a
 * refill helper grants it, the interrupt or NAPI poll reclaims it, remove
 * unmaps it.  The annotations below state, on each function, what it does
 * to the leases it is handed, so that a static analysis can follow
 * ownership through helpers, macros and callbacks: the CPU "owns" a lease
 * from dma_lease_map() or dma_lease_reclaim() until dma_lease_grant() or
 * dma_lease_unmap(), and only an owner may touch the buffer.
 *
 * The analysis is Clang's capability analysis (-Wthread-safety), which
 * Linux 7.0 adopted as "context analysis" for locks; kcell-check runs it
 * with clang against gcc-built kernel headers.  For gcc, for sparse and for
 * any build that does not ask for it, every annotation is empty.
 *
 * The contracts, and their spelling in Linux 7.0's context analysis:
 *
 *   __kcell_owns(l)          the caller owns @l, and still does on return
 *                            (__must_hold)
 *   __kcell_takes(l)         the caller owns @l, and no longer does on
 *                            return: the function grants or unmaps it
 *                            (__releases)
 *   __kcell_gives(l)         the caller owns @l on return: the function
 *                            maps or reclaims it (__acquires)
 *   __kcell_gives_if(ok, l)  the same when the function returns @ok, one
 *                            of 0 or 1 (__cond_acquires(0/nonzero, l))
 *   __kcell_not_owned(l)     the caller must not own @l (__must_not_hold)
 *   __kcell_owned_by(l)      on a pointer member: what it points to may be
 *                            touched only by the owner of @l
 *                            (__pt_guarded_by)
 *   __kcell_assumes(l)       on a function: the caller owns @l after the
 *                            call, on the function's word (__assume_ctx_lock)
 *
 * dma_lease_owned() is the one function with __kcell_assumes(): a ring
 * whose leases are CPU-owned by the driver's own contract (a refill loop
 * over slots the poll reclaimed) states it there, and debug mode checks it.
 * make census counts each use, in a column of its own.
 *
 * Example:
 *
 *	struct rx_ring {
 *		void __iomem *regs;
 *		struct dma_lease slot[16];
 *	};
 *
 *	// Gives slot i to the device: the caller owned it, and no longer does.
 *	static void rx_ring_post(struct rx_ring *r, unsigned int i)
 *		__kcell_takes(&r->slot[i])
 *	{
 *		kcell_dma_t bus = dma_lease_grant(&r->slot[i]);
 *
 *		writel(kcell_dma_lower_32_bits(bus), r->regs + 4 * i);
 *	}
 *
 * A caller that touches the buffer after rx_ring_post(r, i), through
 * dma_lease_cpu(&r->slot[i]) or a pointer it kept, is reported by
 * kcell-check: "dma_lease_cpu() needs the CPU to own lease 'r->slot[i]'".
 */
#ifndef _KCELL_CONTRACT_H
#define _KCELL_CONTRACT_H

#if defined(KCELL_ANALYSIS) && defined(__clang__) && !defined(__CHECKER__)
# define __kcell_attr(...)	__attribute__((__VA_ARGS__))
#else
# define __kcell_attr(...)
#endif

/**
 * __kcell_capability() - make a structure type something the CPU can own
 * @name: the name the analysis uses for it in its messages
 *
 * After the closing brace of the definition: ``struct dma_lease { ... }
 * __kcell_capability(dma_lease);``, where scripts/kernel-doc still parses
 * the structure.
 */
#define __kcell_capability(name)	__kcell_attr(capability(#name))

/**
 * __kcell_owns() - the caller owns these, before and after the call
 * @...: lease expressions in terms of the parameters (``l``, ``&d->lease``)
 */
#define __kcell_owns(...)	__kcell_attr(requires_capability(__VA_ARGS__))

/**
 * __kcell_takes() - the caller owns these before the call and not after
 * @...: lease expressions; the function grants or unmaps them
 */
#define __kcell_takes(...)	__kcell_attr(release_capability(__VA_ARGS__))

/**
 * __kcell_gives() - the caller owns these after the call
 * @...: lease expressions; the function maps or reclaims them
 */
#define __kcell_gives(...)	__kcell_attr(acquire_capability(__VA_ARGS__))

/**
 * __kcell_gives_if() - the caller owns a lease if the call returned @ok
 * @ok: 0 (an errno-style result: 0 is success) or 1 (true, or non-NULL)
 * @l: the lease expression
 */
#define __kcell_gives_if(ok, l)	__kcell_attr(try_acquire_capability(ok, l))

/**
 * __kcell_not_owned() - the caller must not own these
 * @...: lease expressions (a function that maps them, for instance)
 */
#define __kcell_not_owned(...)	__kcell_attr(locks_excluded(__VA_ARGS__))

/**
 * __kcell_owned_by() - on a pointer member: what it points to is the lease's
 * @l: the lease, a member of the same structure (``&lease``)
 *
 * Reading or writing through the pointer needs the CPU to own @l.
 */
#define __kcell_owned_by(l)	__kcell_attr(pt_guarded_by(l))

/**
 * __kcell_assumes() - after the call the caller owns these, on its word
 * @...: lease expressions
 *
 * For dma_lease_owned(), which debug mode checks; not for drivers.
 */
#define __kcell_assumes(...)	__kcell_attr(assert_capability(__VA_ARGS__))

/**
 * __kcell_no_analysis - the function's own body is not analysed
 *
 * For the library's own primitives, whose bodies change the state the
 * contracts describe; make census counts each use.
 */
#define __kcell_no_analysis	__kcell_attr(no_thread_safety_analysis)

#endif /* _KCELL_CONTRACT_H */
