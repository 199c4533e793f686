// SPDX-License-Identifier: GPL-2.0
/// Find error paths that get the unmap of a streaming DMA mapping wrong:
///  - a mapping left mapped: the address a dma_map_single(),
///    dma_map_page(), skb_frag_dma_map() (or _attrs form) returned into a
///    local variable, tested with dma_mapping_error() and found good, then
///    a later failure in the same function (another mapping's test, an
///    allocation, a full ring) leaves by a return or a goto on a path
///    where the variable is neither unmapped nor stored nor used at all:
///    nothing the caller or a ring cleanup can reach holds the address, so
///    the mapping is never undone;
///  - the failed mapping unmapped: dma_unmap_single() or dma_unmap_page()
///    (or _attrs form) of the very address that dma_mapping_error() has
///    just found bad, inside the error branch or at the label its goto
///    jumps to.
/// Each leaked mapping holds an IOMMU IOVA or a swiotlb bounce slot until
/// the device goes away; an error path taken once per packet (a fragment
/// that does not map, a full ring) drains the pool, and under swiotlb=force
/// or a small IOMMU aperture every later map fails.  CONFIG_DMA_API_DEBUG
/// reports the leak when the driver unbinds ("DMA-API: device driver has
/// pending DMA allocations").  Unmapping DMA_MAPPING_ERROR hands the IOMMU
/// an address it never gave out (iommu_dma_unmap_page() warns, dma-debug
/// reports "device driver tries to free DMA memory it has not allocated").
//# The leak is seen only for a local variable that holds the mapping
//# alone: any mention of it between the map and the exit (a descriptor
//# written, dma_unmap_addr_set(), an assignment, an unmap, a call) stops
//# the path, so a mapping stored in a ring slot whose cleanup unmaps it,
//# goto-label unwinding that unmaps it, and a map whose result is returned
//# to the caller are silent.  The test must be
//# if (dma_mapping_error(D, x)) or if (unlikely(dma_mapping_error(D, x)))
//# whose branch ends in a return or a goto; a result saved first
//# (err = dma_mapping_error(...); if (err) ...) is not followed.  An exit
//# is reported only when no path from the test to it mentions the
//# variable (so that a loop whose earlier iteration stored the address,
//# or a path the values rule out, does not count), and once per mapping,
//# at its first such exit.  A mapping kept in a structure field or an
//# array before the failure is not followed (the rule cannot tell whether
//# a cleanup walks it).  The failed-unmap case is followed from the test to
//# the unmap of the same expression, stopped by any assignment to it or a
//# part of it (an index moved back, the address cleared); an unmap under
//# an if that tests the address (if (x), if (x && ...), if (x != 0), a
//# condition containing !dma_mapping_error(d, x)) is not reported.  An
//# unmap through dma_unmap_addr() or a copy of the address is not
//# compared with the test.  Unwinding loops that
//# unmap addresses read back from descriptors not written yet, or with
//# sizes shifted by one, are not seen.
///
// Confidence: Moderate
// Copyright: (C) 2026 The kcell authors.
// Comments: for drivers that call the DMA API directly; needs no macro
//  file (kcell.macros, which kcell-check and run-tests pass, is harmless)
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@initialize:python@
@@

import re

# Leaks: the exits found for each map, (file, line, column) of the map
# -> {exit key: (exit position, message)}; exits a path reaches after a
# mention of the variable; exits to report.
rd_exits = {}
rd_used = set()
# Failed unmaps: unmap key -> (position, message); guarded unmaps.
rd_failed = {}
rd_guarded = set()

def rd_key(p):
	return (p[0].file, p[0].line, p[0].column)

def rd_expr(e):
	"""An expression as spatch prints it, with the spaces it adds removed."""
	s = re.sub(r"\s*(->|\.|\[|\]|\))\s*", r"\1", str(e))
	s = re.sub(r"([(\[&*!~])\s+", r"\1", s)
	return re.sub(r"(\w)\s+\(", r"\1(", s)

def rd_exit(pm, pr, msg):
	rd_exits.setdefault(rd_key(pm), {})[rd_key(pr)] = (pr, msg)

def rd_leak_exit(pr):
	"""The first exit (by line) of its map that no path with a mention of
	the variable reaches."""
	k = rd_key(pr)
	if k in rd_used:
		return False
	for exits in rd_exits.values():
		if k in exits:
			left = [e for e in exits if e not in rd_used]
			if left and min(left, key=lambda e: (e[1], e[2])) == k:
				return True
	return False

def rd_leak_msg(pr):
	k = rd_key(pr)
	for exits in rd_exits.values():
		if k in exits:
			return exits[k][1]
	return None

def rd_report(org, p, msg, p2=None, what=None):
	if org:
		cocci.print_main(msg, p)
		if p2 is not None:
			cocci.print_secs(what, p2)
	else:
		coccilib.report.print_report(p[0], msg)

// ---------------------------------------------------------------------
// A mapping left mapped: a local variable, tested good, then an exit on a
// path that never mentions it again.
// ---------------------------------------------------------------------

@leak exists@
local idexpression x;
identifier mapf = {dma_map_single, dma_map_single_attrs, dma_map_page,
		   dma_map_page_attrs, skb_frag_dma_map};
expression D;
identifier L, L2;
position pm, pt, pr;
@@

x = mapf@pm(...);
... when != x
(
if (\(dma_mapping_error@pt(D, x)\|unlikely(dma_mapping_error@pt(D, x))\)) { ... return ...; }
|
if (\(dma_mapping_error@pt(D, x)\|unlikely(dma_mapping_error@pt(D, x))\)) { ... goto L; }
|
if (\(dma_mapping_error@pt(D, x)\|unlikely(dma_mapping_error@pt(D, x))\)) return ...;
|
if (\(dma_mapping_error@pt(D, x)\|unlikely(dma_mapping_error@pt(D, x))\)) goto L;
)
... when != x
    when != goto L2;
(
return@pr ...;
|
goto@pr L2;
... when != x
return ...;
)

@script:python@
x << leak.x;
mapf << leak.mapf;
pm << leak.pm;
pt << leak.pt;
pr << leak.pr;
@@

rd_exit(pm, pr, "%s, mapped by %s() on line %s and tested good on line %s, is left mapped on this error path: neither unmapped nor stored before the function leaves" % (x, mapf, pm[0].line, pt[0].line))

// An exit that some path reaches after a mention of the variable: its
// address may be stored there (a loop's earlier iteration, a path the
// values rule out).

@used exists@
local idexpression leak.x;
position leak.pt, leak.pr, pu;
identifier L2;
@@

dma_mapping_error@pt(...)
...
x@pu
...
(
return@pr ...;
|
goto@pr L2;
)

@script:python@
pr << leak.pr;
pu << used.pu;
@@

rd_used.add(rd_key(pr))

// A return of the address hands it to the caller.

@returned@
local idexpression leak.x;
position leak.pr, pq;
@@

return@pr@pq <+... x ...+>;

@script:python@
pr << leak.pr;
pq << returned.pq;
@@

rd_used.add(rd_key(pr))

// ---------------------------------------------------------------------
// The failed mapping unmapped, in the test's branch or at the label its
// goto jumps to.
// ---------------------------------------------------------------------

@tst@
expression x, D;
position pt;
statement S;
@@

if (\(dma_mapping_error@pt(D, x)\|unlikely(dma_mapping_error@pt(D, x))\)) S

@fu exists@
expression tst.x, subx <= tst.x, E, D, D2;
identifier unmapf = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		     dma_unmap_page_attrs};
position tst.pt, pu;
@@

if (\(dma_mapping_error@pt(D, x)\|unlikely(dma_mapping_error@pt(D, x))\)) {
  ... when != subx = E
      when != subx++
      when != ++subx
      when != subx--
      when != --subx
      when != subx += E
      when != subx -= E
  unmapf@pu(D2, x, ...);
  ...
}

@script:python@
x << tst.x;
pt << tst.pt;
unmapf << fu.unmapf;
pu << fu.pu;
@@

rd_failed[rd_key(pu)] = (pu, "%s() of %s, which dma_mapping_error() on line %s found bad: the failed mapping is unmapped" % (unmapf, rd_expr(x), pt[0].line), pt)

@fgoto@
expression tst.x, subx <= tst.x, E, D;
identifier L;
position tst.pt;
@@

(
if (\(dma_mapping_error@pt(D, x)\|unlikely(dma_mapping_error@pt(D, x))\)) {
  ... when != subx = E
      when != subx++
      when != ++subx
      when != subx--
      when != --subx
      when != subx += E
      when != subx -= E
  goto L;
}
|
if (\(dma_mapping_error@pt(D, x)\|unlikely(dma_mapping_error@pt(D, x))\))
  goto L;
)

@fg exists@
expression tst.x, subx <= tst.x, E, D2;
identifier unmapf = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		     dma_unmap_page_attrs};
identifier fgoto.L;
position pu;
@@

L:
... when != subx = E
    when != subx++
    when != ++subx
    when != subx--
    when != --subx
    when != subx += E
    when != subx -= E
unmapf@pu(D2, x, ...);

@script:python@
x << tst.x;
pt << tst.pt;
L << fgoto.L;
unmapf << fg.unmapf;
pu << fg.pu;
@@

rd_failed[rd_key(pu)] = (pu, "%s() of %s, which dma_mapping_error() on line %s found bad before its goto %s: the failed mapping is unmapped" % (unmapf, rd_expr(x), pt[0].line, L), pt)

// An unmap under a test of the address (if (x), if (!dma_mapping_error()))
// is not the failed mapping's.

@guard_fu@
expression tst.x, D, D3, E;
identifier fu.unmapf;
position fu.pu;
@@

if (\(<+... \(!dma_mapping_error(D3, x)\|x != E\|E != x\) ...+>\|x\|x && E\|E && x\))
(
  unmapf@pu(D, x, ...);
|
  { ... unmapf@pu(D, x, ...); ... }
)

@script:python@
pu << fu.pu;
g << guard_fu.D;
@@

rd_guarded.add(rd_key(pu))

@guard_fg@
expression tst.x, D, D3, E;
identifier fg.unmapf;
position fg.pu;
@@

if (\(<+... \(!dma_mapping_error(D3, x)\|x != E\|E != x\) ...+>\|x\|x && E\|E && x\))
(
  unmapf@pu(D, x, ...);
|
  { ... unmapf@pu(D, x, ...); ... }
)

@script:python@
pu << fg.pu;
g << guard_fg.D;
@@

rd_guarded.add(rd_key(pu))

// ---------------------------------------------------------------------
// Reports.
// ---------------------------------------------------------------------

@leaked@
identifier L;
position pr : script:python () { rd_leak_exit(pr) };
@@

(
return@pr ...;
|
goto@pr L;
)

@depends on context@
position leaked.pr;
identifier L;
@@

(
* return@pr ...;
|
* goto@pr L;
)

@script:python depends on report@
pr << leaked.pr;
@@

rd_report(False, pr, "WARNING: " + rd_leak_msg(pr))

@script:python depends on org@
pr << leaked.pr;
@@

rd_report(True, pr, rd_leak_msg(pr))

@failed@
identifier unmapf = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		     dma_unmap_page_attrs};
position pu : script:python () { rd_key(pu) in rd_failed and rd_key(pu) not in rd_guarded };
@@

unmapf@pu(...)

@depends on context@
identifier failed.unmapf;
position failed.pu;
@@

* unmapf@pu(...)

@script:python depends on report@
pu << failed.pu;
@@

rd_report(False, pu, "ERROR: " + rd_failed[rd_key(pu)][1])

@script:python depends on org@
pu << failed.pu;
@@

p, msg, pt = rd_failed[rd_key(pu)]
rd_report(True, pu, msg, pt, "tested here")
