// SPDX-License-Identifier: GPL-2.0
/// Find CPU accesses to a DMA lease's buffer while the lease is granted to
/// the device, that is after dma_lease_grant(l) and before
/// dma_lease_reclaim(l) on the same path:
///  - a call of dma_lease_cpu(l) (it returns NULL while the device owns the
///    buffer, and debug mode warns);
///  - a pointer obtained before the grant, from dma_lease_cpu(l), from
///    an earlier dma_lease_reclaim(l), or the buffer given to
///    dma_lease_map(l, dev, buf, ...) or dma_lease_map_grant(l, dev, buf,
///    ...), that is dereferenced, indexed or passed to a function (memcpy,
///    memset, kfree, ...);
///  - an alias of that pointer taken before the grant (a copy, a cast, an
///    offset into the buffer, the address of an element) and used after it.
/// Between grant and reclaim the device may be writing the buffer, and the
/// CPU's caches are not in sync with it: such an access reads stale data or
/// corrupts the transfer.
//# The analysis is per function.  Waiting for the device
//# (wait_for_completion*, wait_event*, synchronize_irq, flush_work,
//# cancel_work_sync, ...) ends the window, because the interrupt handler or
//# a work item may have reclaimed the lease; so does a call of a function
//# of the same file that reclaims or unmaps a lease (one that only grants,
//# a doorbell, does not), while a reclaim done by a function of another
//# file is not seen.  A lease expression whose parts change on the path (an index
//# incremented in a loop) is treated as a different lease from there on.
//# When the grant's result is tested at once
//# (if (kcell_dma_is_error(bus)) ...), the branch taken on a failed grant is
//# not checked: the lease was not granted.  dma_lease_map_grant(l, dev,
//# buf, ...) is a map and a grant in one: buf, or dma_lease_cpu(l), used
//# after it is reported, except in the branch taken when it failed (its
//# result tested at once, as __must_check asks).
///
// Confidence: Moderate
// Copyright: (C) 2025 The kcell authors.
// Comments: use with --macro-file semantic-patches/kcell.macros
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@initialize:python@
@@

kc_file = None

def kc_new_file(p):
	global kc_file
	if p[0].file != kc_file:
		kc_file = p[0].file
		kc_reclaim_fns.clear()
		kc_grant_fns.clear()

import re

# Functions of the file that reclaim or unmap a lease, and that grant one.
kc_reclaim_fns = set()
kc_grant_fns = set()

def kc_expr(e):
	"""An expression as spatch prints it, with the spaces it adds removed."""
	s = re.sub(r"\s*(->|\.|\[|\]|\))\s*", r"\1", str(e))
	s = re.sub(r"([(\[&*!~])\s+", r"\1", s)
	return re.sub(r"(\w)\s+\(", r"\1(", s)

def kc_cpu(org, p1, p2, l):
	if org:
		cocci.print_main("dma_lease_cpu() of a granted lease", p2)
		cocci.print_secs("granted here", p1)
	else:
		coccilib.report.print_report(p2[0],
			"ERROR: dma_lease_cpu(%s) while the lease is granted to the device (dma_lease_grant on line %s); use the pointer dma_lease_reclaim() returns" % (kc_expr(l), p1[0].line))

def kc_stale(org, p0, p1, p2, l, buf, grant="dma_lease_grant"):
	if org:
		cocci.print_main("buffer used while its lease is granted", p2)
		cocci.print_secs("granted here", p1)
	else:
		coccilib.report.print_report(p2[0],
			"ERROR: %s (buffer of lease %s, line %s) used while the lease is granted to the device (%s on line %s); dma_lease_reclaim() it first" % (kc_expr(buf), kc_expr(l), p0[0].line, grant, p1[0].line))

def kc_alias(org, p0, p1, pa, p2, l, buf, a):
	if org:
		cocci.print_main("alias of a granted buffer used", p2)
		cocci.print_secs("alias taken here", pa)
		cocci.print_secs("granted here", p1)
	else:
		coccilib.report.print_report(p2[0],
			"ERROR: %s (taken on line %s from %s, buffer of lease %s, line %s) used while the lease is granted to the device (dma_lease_grant on line %s); dma_lease_reclaim() it first" % (kc_expr(a), pa[0].line, kc_expr(buf), kc_expr(l), p0[0].line, p1[0].line))

// ---------------------------------------------------------------------
// The file's functions that reclaim or unmap a lease, and those that grant
// one: a call of one ends the window that waits for that transition, as a
// wait does (it may be the transition missing here; a function of another
// file is not seen).
// ---------------------------------------------------------------------

// spatch runs the rules file by file in one Python: every summary below
// is the current file's only.

@a_function@
identifier fn;
position p;
@@

fn@p(...)
{
...
}

@script:python@
p << a_function.p;
@@

kc_new_file(p)

@reclaim_fns@
identifier fn;
@@

fn(...)
{
... when any
\(dma_lease_reclaim(...)\|dma_lease_unmap(...)\)
... when any
}

@script:python@
fn << reclaim_fns.fn;
@@

kc_reclaim_fns.add(str(fn))

@grant_fns@
identifier fn;
@@

fn(...)
{
... when any
\(dma_lease_grant(...)\|dma_lease_map_grant(...)\)
... when any
}

@script:python@
fn << grant_fns.fn;
@@

kc_grant_fns.add(str(fn))

// ---------------------------------------------------------------------
// Grants whose result is tested at once: the failure branch is skipped.
// ---------------------------------------------------------------------

@checked@
expression l, E;
identifier x;
type T;
position p1, pc;
statement S;
@@

(
 E = dma_lease_grant@p1(l);
 if (\(kcell_dma_is_error@pc(E)\|unlikely(kcell_dma_is_error@pc(E))\)) S
|
 T x = dma_lease_grant@p1(l);
 if (\(kcell_dma_is_error@pc(x)\|unlikely(kcell_dma_is_error@pc(x))\)) S
)

@unchecked@
expression l;
position p1 != checked.p1;
@@

dma_lease_grant@p1(l)

// ---------------------------------------------------------------------
// dma_lease_cpu(l) after dma_lease_grant(l)
// ---------------------------------------------------------------------

@cpu_u exists@
identifier waitfn =~ "^(wait_for_completion|wait_event|synchronize_irq$|flush_work$|flush_delayed_work$|flush_workqueue$|cancel_work_sync$|cancel_delayed_work_sync$)";
identifier lfn : script:python () { str(lfn) in kc_reclaim_fns };
expression unchecked.l, subE <= unchecked.l, E;
position unchecked.p1, p2;
@@

dma_lease_grant@p1(l)
... when != dma_lease_reclaim(l)
    when != waitfn(...)
    when != lfn(...)
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

@cpu_c exists@
identifier waitfn =~ "^(wait_for_completion|wait_event|synchronize_irq$|flush_work$|flush_delayed_work$|flush_workqueue$|cancel_work_sync$|cancel_delayed_work_sync$)";
identifier lfn : script:python () { str(lfn) in kc_reclaim_fns };
expression checked.l, subE <= checked.l, E;
position checked.pc, p2;
statement S;
@@

if (\(kcell_dma_is_error@pc(...)\|unlikely(kcell_dma_is_error@pc(...))\)) S
... when != dma_lease_reclaim(l)
    when != waitfn(...)
    when != lfn(...)
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
position p2 = {cpu_u.p2, cpu_c.p2};
@@

* dma_lease_cpu@p2(...)

@script:python depends on org@
p1 << unchecked.p1;
p2 << cpu_u.p2;
l << unchecked.l;
@@

kc_cpu(True, p1, p2, l)

@script:python depends on report@
p1 << unchecked.p1;
p2 << cpu_u.p2;
l << unchecked.l;
@@

kc_cpu(False, p1, p2, l)

@script:python depends on org@
p1 << checked.p1;
p2 << cpu_c.p2;
l << checked.l;
@@

kc_cpu(True, p1, p2, l)

@script:python depends on report@
p1 << checked.p1;
p2 << cpu_c.p2;
l << checked.l;
@@

kc_cpu(False, p1, p2, l)

// ---------------------------------------------------------------------
// A pointer to the buffer obtained before the grant and used after it
// ---------------------------------------------------------------------

@src_u@
expression unchecked.l;
expression buf, dev, len, dir;
position p0;
@@

(
 buf = dma_lease_cpu@p0(l)
|
 buf = dma_lease_reclaim@p0(l)
|
 dma_lease_map@p0(l, dev, buf, len, dir)
)

@sz_u@
expression src_u.buf;
position p;
@@

sizeof(<+... buf@p ...+>)

@stale_u exists@
identifier waitfn =~ "^(wait_for_completion|wait_event|synchronize_irq$|flush_work$|flush_delayed_work$|flush_workqueue$|cancel_work_sync$|cancel_delayed_work_sync$)";
identifier lfn : script:python () { str(lfn) in kc_reclaim_fns };
expression unchecked.l, src_u.buf, subE <= unchecked.l, subB <= src_u.buf, E;
identifier fld, fn;
type T;
position src_u.p0, unchecked.p1, p2 != sz_u.p;
@@

(
 buf = dma_lease_cpu@p0(l)
|
 buf = dma_lease_reclaim@p0(l)
|
 dma_lease_map@p0(l, ...)
)
... when != subE = E
    when != subB = E
    when != dma_lease_grant(l)
dma_lease_grant@p1(l)
... when != dma_lease_reclaim(l)
    when != waitfn(...)
    when != lfn(...)
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

@src_c@
expression checked.l;
expression buf, dev, len, dir;
position p0;
@@

(
 buf = dma_lease_cpu@p0(l)
|
 buf = dma_lease_reclaim@p0(l)
|
 dma_lease_map@p0(l, dev, buf, len, dir)
)

@sz_c@
expression src_c.buf;
position p;
@@

sizeof(<+... buf@p ...+>)

@stale_c exists@
identifier waitfn =~ "^(wait_for_completion|wait_event|synchronize_irq$|flush_work$|flush_delayed_work$|flush_workqueue$|cancel_work_sync$|cancel_delayed_work_sync$)";
identifier lfn : script:python () { str(lfn) in kc_reclaim_fns };
expression checked.l, src_c.buf, subE <= checked.l, subB <= src_c.buf, E;
identifier fld, fn;
type T;
position src_c.p0, checked.p1, checked.pc, p2 != sz_c.p;
statement S;
@@

(
 buf = dma_lease_cpu@p0(l)
|
 buf = dma_lease_reclaim@p0(l)
|
 dma_lease_map@p0(l, ...)
)
... when != subE = E
    when != subB = E
dma_lease_grant@p1(l)
... when != subE = E
    when != subB = E
if (\(kcell_dma_is_error@pc(...)\|unlikely(kcell_dma_is_error@pc(...))\)) S
... when != dma_lease_reclaim(l)
    when != waitfn(...)
    when != lfn(...)
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
position p2 = {stale_u.p2, stale_c.p2};
expression E;
@@

* E@p2

@script:python depends on org@
p0 << src_u.p0;
p1 << unchecked.p1;
p2 << stale_u.p2;
l << unchecked.l;
buf << src_u.buf;
@@

kc_stale(True, p0, p1, p2, l, buf)

@script:python depends on report@
p0 << src_u.p0;
p1 << unchecked.p1;
p2 << stale_u.p2;
l << unchecked.l;
buf << src_u.buf;
@@

kc_stale(False, p0, p1, p2, l, buf)

@script:python depends on org@
p0 << src_c.p0;
p1 << checked.p1;
p2 << stale_c.p2;
l << checked.l;
buf << src_c.buf;
@@

kc_stale(True, p0, p1, p2, l, buf)

@script:python depends on report@
p0 << src_c.p0;
p1 << checked.p1;
p2 << stale_c.p2;
l << checked.l;
buf << src_c.buf;
@@

kc_stale(False, p0, p1, p2, l, buf)

// ---------------------------------------------------------------------
// An alias of the buffer taken before the grant (a copy, a cast, an
// offset into it, the address of an element) and used after it.
// ---------------------------------------------------------------------

@alias_u exists@
expression unchecked.l, src_u.buf, subB <= src_u.buf, E, E2;
identifier a;
type T, T2;
position src_u.p0, unchecked.p1, pa;
@@

(
 buf = dma_lease_cpu@p0(l)
|
 buf = dma_lease_reclaim@p0(l)
|
 dma_lease_map@p0(l, ...)
)
... when != subB = E
    when != dma_lease_grant(l)
(
 a@pa = \(buf\|buf + E2\|(T)buf\|(T)buf + E2\|(T)(buf + E2)\|&buf[E2]\|(T)&buf[E2]\);
|
 T2 a@pa = \(buf\|buf + E2\|(T)buf\|(T)buf + E2\|(T)(buf + E2)\|&buf[E2]\|(T)&buf[E2]\);
)
... when != a = E
    when != subB = E
dma_lease_grant@p1(l)

@sz_alias_u@
identifier alias_u.a;
position p;
@@

sizeof(<+... a@p ...+>)

@alias_use_u exists@
identifier waitfn =~ "^(wait_for_completion|wait_event|synchronize_irq$|flush_work$|flush_delayed_work$|flush_workqueue$|cancel_work_sync$|cancel_delayed_work_sync$)";
identifier lfn : script:python () { str(lfn) in kc_reclaim_fns };
expression unchecked.l, E;
identifier alias_u.a, fld, fn;
type T;
position unchecked.p1, p2 != sz_alias_u.p;
@@

dma_lease_grant@p1(l)
... when != dma_lease_reclaim(l)
    when != waitfn(...)
    when != lfn(...)
    when != a = E
(
 a@p2[E]
|
 *a@p2
|
 a@p2->fld
|
 *(T)a@p2
|
 fn(..., <+... a@p2 ...+>, ...)
)

@depends on context@
position p2 = alias_use_u.p2;
expression E;
@@

* E@p2

@script:python depends on org@
p0 << src_u.p0;
p1 << unchecked.p1;
pa << alias_u.pa;
p2 << alias_use_u.p2;
l << unchecked.l;
buf << src_u.buf;
a << alias_u.a;
@@

kc_alias(True, p0, p1, pa, p2, l, buf, a)

@script:python depends on report@
p0 << src_u.p0;
p1 << unchecked.p1;
pa << alias_u.pa;
p2 << alias_use_u.p2;
l << unchecked.l;
buf << src_u.buf;
a << alias_u.a;
@@

kc_alias(False, p0, p1, pa, p2, l, buf, a)

// ---------------------------------------------------------------------
// An alias of the buffer taken before the grant (a copy, a cast, an
// offset into it, the address of an element) and used after it, past the
// test of a checked grant.
// ---------------------------------------------------------------------

@alias_c exists@
expression checked.l, src_c.buf, subB <= src_c.buf, E, E2;
identifier a;
type T, T2;
position src_c.p0, checked.p1, pa;
@@

(
 buf = dma_lease_cpu@p0(l)
|
 buf = dma_lease_reclaim@p0(l)
|
 dma_lease_map@p0(l, ...)
)
... when != subB = E
    when != dma_lease_grant(l)
(
 a@pa = \(buf\|buf + E2\|(T)buf\|(T)buf + E2\|(T)(buf + E2)\|&buf[E2]\|(T)&buf[E2]\);
|
 T2 a@pa = \(buf\|buf + E2\|(T)buf\|(T)buf + E2\|(T)(buf + E2)\|&buf[E2]\|(T)&buf[E2]\);
)
... when != a = E
    when != subB = E
dma_lease_grant@p1(l)

@sz_alias_c@
identifier alias_c.a;
position p;
@@

sizeof(<+... a@p ...+>)

@alias_use_c exists@
identifier waitfn =~ "^(wait_for_completion|wait_event|synchronize_irq$|flush_work$|flush_delayed_work$|flush_workqueue$|cancel_work_sync$|cancel_delayed_work_sync$)";
identifier lfn : script:python () { str(lfn) in kc_reclaim_fns };
expression checked.l, E;
identifier alias_c.a, fld, fn;
type T;
position checked.pc, p2 != sz_alias_c.p;
statement S;
@@

if (\(kcell_dma_is_error@pc(...)\|unlikely(kcell_dma_is_error@pc(...))\)) S
... when != dma_lease_reclaim(l)
    when != waitfn(...)
    when != lfn(...)
    when != a = E
(
 a@p2[E]
|
 *a@p2
|
 a@p2->fld
|
 *(T)a@p2
|
 fn(..., <+... a@p2 ...+>, ...)
)

@depends on context@
position p2 = alias_use_c.p2;
expression E;
@@

* E@p2

@script:python depends on org@
p0 << src_c.p0;
p1 << checked.p1;
pa << alias_c.pa;
p2 << alias_use_c.p2;
l << checked.l;
buf << src_c.buf;
a << alias_c.a;
@@

kc_alias(True, p0, p1, pa, p2, l, buf, a)

@script:python depends on report@
p0 << src_c.p0;
p1 << checked.p1;
pa << alias_c.pa;
p2 << alias_use_c.p2;
l << checked.l;
buf << src_c.buf;
a << alias_c.a;
@@

kc_alias(False, p0, p1, pa, p2, l, buf, a)

// ---------------------------------------------------------------------
// dma_lease_map_grant(l, dev, buf, ...): a map and a grant in one call.
// Its result is tested at once (__must_check); the failure branch is
// skipped: nothing was mapped.
// ---------------------------------------------------------------------

@mg@
expression l, dev, buf, len, dir, addr;
position p1;
@@

dma_lease_map_grant@p1(l, dev, buf, len, dir, addr)

@sz_mg@
expression mg.buf;
position p;
@@

sizeof(<+... buf@p ...+>)

@stale_mg exists@
identifier waitfn =~ "^(wait_for_completion|wait_event|synchronize_irq$|flush_work$|flush_delayed_work$|flush_workqueue$|cancel_work_sync$|cancel_delayed_work_sync$)";
identifier lfn : script:python () { str(lfn) in kc_reclaim_fns };
expression mg.l, mg.buf, subE <= mg.l, subB <= mg.buf, E, R;
identifier fld, fn, x;
type T, T2;
position mg.p1, p2 != sz_mg.p;
statement S;
@@

(
 R = dma_lease_map_grant@p1(l, ...);
 if (\(R\|unlikely(R)\|R < 0\|R != 0\)) S
|
 T2 x = dma_lease_map_grant@p1(l, ...);
 if (\(x\|unlikely(x)\|x < 0\|x != 0\)) S
|
 if (\(dma_lease_map_grant@p1(l, ...)\|unlikely(dma_lease_map_grant@p1(l, ...))\)) S
)
... when != dma_lease_reclaim(l)
    when != waitfn(...)
    when != lfn(...)
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
 dma_lease_cpu@p2(l)
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
position p2 = stale_mg.p2;
expression E;
@@

* E@p2

@script:python depends on org@
p1 << mg.p1;
p2 << stale_mg.p2;
l << mg.l;
buf << mg.buf;
@@

kc_stale(True, p1, p1, p2, l, buf, "dma_lease_map_grant")

@script:python depends on report@
p1 << mg.p1;
p2 << stale_mg.p2;
l << mg.l;
buf << mg.buf;
@@

kc_stale(False, p1, p1, p2, l, buf, "dma_lease_map_grant")
