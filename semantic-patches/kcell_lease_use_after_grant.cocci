// SPDX-License-Identifier: GPL-2.0
/// Find CPU accesses to a DMA lease's buffer while the lease is granted to
/// the device, that is after dma_lease_grant(l) and before
/// dma_lease_reclaim(l) on the same path:
///  - a call of dma_lease_cpu(l) (it returns NULL while the device owns the
///    buffer, and debug mode warns);
///  - a pointer obtained before the grant, from dma_lease_cpu(l) or the
///    buffer given to dma_lease_map(l, dev, buf, ...), that is dereferenced,
///    indexed or passed to a function (memcpy, memset, kfree, ...).
/// Between grant and reclaim the device may be writing the buffer, and the
/// CPU's caches are not in sync with it: such an access reads stale data or
/// corrupts the transfer.
//# The analysis is per function.  A reclaim done by a callee or by the
//# interrupt handler is not seen, so a function that grants, waits for the
//# completion and then touches the buffer without reclaiming it itself is
//# reported: reclaim in the function that touches the buffer.  A lease
//# expression whose parts change on the path (an index incremented in a
//# loop) is treated as a different lease from there on.
///
// Confidence: High
// Copyright: (C) 2025 The kcell authors.
// Comments: use with --macro-file semantic-patches/kcell.macros
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

// ---------------------------------------------------------------------
// dma_lease_cpu(l) after dma_lease_grant(l)
// ---------------------------------------------------------------------

@grant@
expression l;
position p1;
@@

dma_lease_grant@p1(l)

@cpu exists@
expression grant.l, subE <= grant.l, E;
position grant.p1, p2;
@@

dma_lease_grant@p1(l)
... when != dma_lease_reclaim(l)
(
 subE = E
|
 subE++
|
 ++subE
|
 subE--
|
 --subE
|
 subE += E
|
 subE -= E
|
 dma_lease_cpu@p2(l)
)

@depends on context@
expression grant.l;
position cpu.p2;
@@

* dma_lease_cpu@p2(l)

@script:python depends on org@
p1 << grant.p1;
p2 << cpu.p2;
@@

cocci.print_main("dma_lease_cpu() of a granted lease", p2)
cocci.print_secs("granted here", p1)

@script:python depends on report@
l << grant.l;
p1 << grant.p1;
p2 << cpu.p2;
@@

coccilib.report.print_report(p2[0],
	"ERROR: dma_lease_cpu(%s) while the lease is granted to the device (dma_lease_grant on line %s); use the pointer from dma_lease_reclaim()" % (l, p1[0].line))

// ---------------------------------------------------------------------
// A pointer to the buffer obtained before the grant and used after it
// ---------------------------------------------------------------------

@src@
expression l, buf, dev, len, dir;
position p0;
@@

(
 buf = dma_lease_cpu@p0(l)
|
 dma_lease_map@p0(l, dev, buf, len, dir)
)

@sz@
expression src.buf;
position p;
@@

sizeof(<+... buf@p ...+>)

@stale exists@
expression src.l, src.buf, subE <= src.l, subB <= src.buf, E;
identifier fld, fn;
type T;
position src.p0, p1, p2 != sz.p;
@@

(
 buf = dma_lease_cpu@p0(l)
|
 dma_lease_map@p0(l, ...)
)
... when != subE = E
    when != subB = E
    when != dma_lease_grant(l)
dma_lease_grant@p1(l)
... when != dma_lease_reclaim(l)
(
 subE = E
|
 subE++
|
 ++subE
|
 subE--
|
 --subE
|
 subE += E
|
 subE -= E
|
 subB = E
|
 buf@p2[E]
|
 *buf@p2
|
 buf@p2->fld
|
 *(T)buf@p2
|
 fn(..., <+... buf@p2 ...+>, ...)
)

@depends on context@
expression src.buf;
position stale.p2;
@@

* buf@p2

@script:python depends on org@
p1 << stale.p1;
p2 << stale.p2;
@@

cocci.print_main("buffer used while its lease is granted", p2)
cocci.print_secs("granted here", p1)

@script:python depends on report@
buf << src.buf;
l << src.l;
p0 << src.p0;
p1 << stale.p1;
p2 << stale.p2;
@@

coccilib.report.print_report(p2[0],
	"ERROR: %s (buffer of lease %s, line %s) used while the lease is granted to the device (dma_lease_grant on line %s); dma_lease_reclaim() it first" % (buf, l, p0[0].line, p1[0].line))
