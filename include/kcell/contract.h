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
 * It is counted by make census, as every escape hatch is.
 */
#ifndef _KCELL_CONTRACT_H
#define _KCELL_CONTRACT_H

#if defined(KCELL_ANALYSIS) && defined(__clang__) && !defined(__CHECKER__)
# define __kcell_capability(name)	__attribute__((capability(#name)))
# define __kcell_owns(...)	__attribute__((requires_capability(__VA_ARGS__)))
# define __kcell_takes(...)	__attribute__((release_capability(__VA_ARGS__)))
# define __kcell_gives(...)	__attribute__((acquire_capability(__VA_ARGS__)))
# define __kcell_gives_if(ok, l) __attribute__((try_acquire_capability(ok, l)))
# define __kcell_not_owned(...)	__attribute__((locks_excluded(__VA_ARGS__)))
# define __kcell_owned_by(l)	__attribute__((pt_guarded_by(l)))
# define __kcell_assumes(...)	__attribute__((assert_capability(__VA_ARGS__)))
# define __kcell_no_analysis	__attribute__((no_thread_safety_analysis))
#else
# define __kcell_capability(name)
# define __kcell_owns(...)
# define __kcell_takes(...)
# define __kcell_gives(...)
# define __kcell_gives_if(ok, l)
# define __kcell_not_owned(...)
# define __kcell_owned_by(l)
# define __kcell_assumes(...)
# define __kcell_no_analysis
#endif

#endif /* _KCELL_CONTRACT_H */
