// SPDX-License-Identifier: GPL-2.0
/// Find DMA lease transitions that the lease's state machine refuses:
///  - dma_lease_grant(l) twice on one path with no dma_lease_reclaim(l) in
///    between (the second grant returns KCELL_DMA_ERROR, and a driver that
///    programs that address into the device hands it a bogus address);
///  - dma_lease_reclaim(l) twice with no dma_lease_grant(l) in between
///    (the second one syncs nothing: whatever the CPU wrote in between is
///    not what the device will see, and the caller believes it got the
///    buffer back from the device);
///  - dma_lease_unmap(l) after dma_lease_grant(l) with no
///    dma_lease_reclaim(l) in between (refused with -EBUSY: the mapping
///    leaks, and the buffer is usually freed under the device's feet).
//# The analysis is per function.  Waiting for the device (wait_for_completion*,
//# wait_event*, synchronize_irq, flush_work, cancel_work_sync, ...) ends the
//# window, because the interrupt handler or a work item may have done the
//# transition that is missing here; so does a call of a function of the
//# same file that reclaims or unmaps a lease (after a grant) or grants one
//# (after a reclaim): a one-level summary, lease by kind, not by name.  A
//# transition done by a function of another file is not seen.  A lease expression whose parts change on the path (an index
//# incremented in a loop) is treated as a different lease from there on.
//# When a grant's result is tested at once (if (kcell_dma_is_error(bus))),
//# the branch taken on a failed grant is not checked.
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

def kc_after_grant(org, p1, p2, f, l):
	if org:
		cocci.print_main("%s() of a granted lease" % f, p2)
		cocci.print_secs("granted here", p1)
		return
	if f == "dma_lease_grant":
		msg = "ERROR: second dma_lease_grant(%s) without dma_lease_reclaim() since the grant on line %s; it returns KCELL_DMA_ERROR"
	else:
		msg = "ERROR: dma_lease_unmap(%s) of a lease granted to the device on line %s and not reclaimed; it fails with -EBUSY"
	coccilib.report.print_report(p2[0], msg % (kc_expr(l), p1[0].line))

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
// A second grant, or an unmap, after a grant
// ---------------------------------------------------------------------

// Grants whose result is tested at once: the failure branch is skipped,
// the lease was not granted there.

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

@after_u exists@
expression unchecked.l, subE <= unchecked.l, E;
identifier waitfn =~ "^(wait_for_completion|wait_event|synchronize_irq$|flush_work$|flush_delayed_work$|flush_workqueue$|cancel_work_sync$|cancel_delayed_work_sync$)";
identifier lfn : script:python () { str(lfn) in kc_reclaim_fns };
identifier f = {dma_lease_grant, dma_lease_unmap};
position unchecked.p1, p2;
@@

dma_lease_grant@p1(l)
... when != dma_lease_reclaim(l)
    when != dma_lease_grant(l)
    when != dma_lease_unmap(l)
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
 f@p2(l)
)

@after_c exists@
expression checked.l, subE <= checked.l, E;
identifier waitfn =~ "^(wait_for_completion|wait_event|synchronize_irq$|flush_work$|flush_delayed_work$|flush_workqueue$|cancel_work_sync$|cancel_delayed_work_sync$)";
identifier lfn : script:python () { str(lfn) in kc_reclaim_fns };
identifier f = {dma_lease_grant, dma_lease_unmap};
position checked.pc, p2;
statement S;
@@

if (\(kcell_dma_is_error@pc(...)\|unlikely(kcell_dma_is_error@pc(...))\)) S
... when != dma_lease_reclaim(l)
    when != dma_lease_grant(l)
    when != dma_lease_unmap(l)
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
 f@p2(l)
)

@depends on context@
identifier f;
position p2 = {after_u.p2, after_c.p2};
@@

* f@p2(...)

@script:python depends on org@
p1 << unchecked.p1;
p2 << after_u.p2;
f << after_u.f;
l << unchecked.l;
@@

kc_after_grant(True, p1, p2, f, l)

@script:python depends on report@
p1 << unchecked.p1;
p2 << after_u.p2;
f << after_u.f;
l << unchecked.l;
@@

kc_after_grant(False, p1, p2, f, l)

@script:python depends on org@
p1 << checked.p1;
p2 << after_c.p2;
f << after_c.f;
l << checked.l;
@@

kc_after_grant(True, p1, p2, f, l)

@script:python depends on report@
p1 << checked.p1;
p2 << after_c.p2;
f << after_c.f;
l << checked.l;
@@

kc_after_grant(False, p1, p2, f, l)

// ---------------------------------------------------------------------
// A second reclaim after a reclaim
// ---------------------------------------------------------------------

@reclaim@
expression l;
position p1;
@@

dma_lease_reclaim@p1(l)

@after_reclaim exists@
expression reclaim.l, subE <= reclaim.l, E;
identifier waitfn =~ "^(wait_for_completion|wait_event|synchronize_irq$|flush_work$|flush_delayed_work$|flush_workqueue$|cancel_work_sync$|cancel_delayed_work_sync$)";
identifier lfn : script:python () { str(lfn) in kc_grant_fns };
position reclaim.p1, p2;
@@

dma_lease_reclaim@p1(l)
... when != dma_lease_grant(l)
    when != dma_lease_reclaim(l)
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
 dma_lease_reclaim@p2(l)
)

@depends on context@
expression reclaim.l;
position after_reclaim.p2;
@@

* dma_lease_reclaim@p2(l)

@script:python depends on org@
p1 << reclaim.p1;
p2 << after_reclaim.p2;
@@

cocci.print_main("dma_lease_reclaim() of a reclaimed lease", p2)
cocci.print_secs("reclaimed here", p1)

@script:python depends on report@
l << reclaim.l;
p1 << reclaim.p1;
p2 << after_reclaim.p2;
@@

coccilib.report.print_report(p2[0],
	"ERROR: second dma_lease_reclaim(%s) without dma_lease_grant() since the reclaim on line %s" % (kc_expr(l), p1[0].line))
