// SPDX-License-Identifier: GPL-2.0
/// Find scatterlist DMA mappings used the wrong way:
///  - dma_map_sg(), dma_map_sg_attrs() or dma_map_sgtable() whose result
///    is thrown away, or kept and used (the list handed on, the count
///    used) on a path where it was never tested: dma_map_sg() returns 0
///    when the mapping fails, dma_map_sgtable() a negative error;
///  - dma_mapping_error() on dma_map_sg()'s result: it is a count of
///    entries, not an address, and 0 (the failure) never equals
///    DMA_MAPPING_ERROR, so the test never fails;
///  - dma_unmap_sg(), dma_unmap_sg_attrs() or dma_sync_sg_for_cpu/device()
///    given the count dma_map_sg() returned instead of the nents passed
///    to it: the DMA API wants "the number you passed in, *not* the number
///    of DMA address entries returned" (Documentation/core-api/dma-api.rst),
///    also when nents itself was overwritten with the result;
///  - the device programmed by walking the nents passed to the map
///    (for_each_sg() with sg_dma_address()/sg_dma_len()) instead of the
///    count it returned, or a table's orig_nents instead of its nents;
///  - an unmap or a sync of a list in another direction than its map.
/// An IOMMU merges entries, so the count returned is smaller than nents:
/// the entries past it have no DMA address (a device given them reads or
/// writes garbage addresses), and an unmap with the returned count leaves
/// the tail mapped (leaked IOVA space; with swiotlb, bounce buffers never
/// copied back or freed).  A mapping fails when the IOMMU or swiotlb's
/// pool is out of space: the list then has no DMA addresses at all.
/// A bounce buffer and the cache maintenance of non-coherent ARM and MIPS
/// machines copy and flush by the direction given, so an unmap in the
/// wrong direction loses the device's data; CONFIG_DMA_API_DEBUG reports
/// all of these.
//# The map's result is followed when it is assigned (x = dma_map_sg(...),
//# x a variable or a structure field); a declaration's initializer
//# (int n = dma_map_sg(...);) is not followed, nor a copy of the result.
//# A test is any mention of the result in the condition of an if or a
//# while, as the condition of a ?:, in a comparison, under !, or in a
//# return (a wrapper's caller tests it).  A count used only as the bound
//# of a walk whose result the caller tests (no entries written, so 0
//# returned and refused) is still reported.  A use is any other mention
//# of the result or of the list mapped, outside unmaps and syncs; a path
//# that only unmaps and leaves (an error path before the list reaches
//# the device) is not reported.
//# The count check follows a path in one function from the map to the
//# unmap or sync, and across the file's functions a structure field
//# assigned dma_map_sg()'s result and nothing else in the file; a map of
//# one entry (nents 1) is not reported, since its result is 1 when it
//# succeeds.  The walk check sees for_each_sg() with a braced body only.
//# Directions are compared when both are DMA_TO_DEVICE, DMA_FROM_DEVICE
//# or DMA_BIDIRECTIONAL, for the same list expression in one function,
//# and an unmap is reported only when no map of that list in the function
//# has its direction (drivers map a list one way or another by a test,
//# in place or not, and unmap by the same test later: paths are followed
//# without looking at values); a call of a function of the file that
//# maps a list ends the path (it may unmap the list and map it again the
//# other way).
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

rd_mode = {"org": False}
rd_dirs = {"DMA_TO_DEVICE", "DMA_FROM_DEVICE", "DMA_BIDIRECTIONAL"}
rd_done = set()
# Positions of the tests and of the mentions inside unmaps and syncs of
# the current map's result and list.
rd_tests = set()
rd_unmapped = set()
# Structure fields assigned dma_map_sg()'s result, and fields assigned
# anything else, in the current file.
rd_file = None
rd_mapflds = {}
rd_otherflds = set()
# The directions each list is mapped with, by file, function and list.
rd_mapdirs = set()
rd_remappers = set()

def rd_new_file(p):
	global rd_file
	if p[0].file != rd_file:
		rd_file = p[0].file
		rd_mapflds.clear()
		rd_otherflds.clear()
		rd_remappers.clear()

def rd_key(p):
	return (p[0].file, p[0].line, p[0].column)

def rd_expr(e):
	"""An expression as spatch prints it, with the spaces it adds removed."""
	s = re.sub(r"\s*(->|\.|\[|\]|\))\s*", r"\1", str(e))
	s = re.sub(r"([(\[&*!~])\s+", r"\1", s)
	return re.sub(r"(\w)\s+\(", r"\1(", s).strip()

def rd_norm(e):
	return re.sub(r"[\s()]", "", str(e))

def rd_same(a, b):
	return rd_norm(a) == rd_norm(b)

def rd_notmap(e):
	return re.match(r"\s*dma_map_sg", str(e)) is None

def rd_one(n):
	return rd_norm(n) == "1"

def rd_dir_differs(d1, d2):
	d1, d2 = rd_expr(d1), rd_expr(d2)
	return d1 in rd_dirs and d2 in rd_dirs and d1 != d2

def rd_report(org, p, msg, p2=None, what=None):
	key = rd_key(p)
	if key in rd_done:
		return
	rd_done.add(key)
	if org:
		cocci.print_main(msg, p)
		if p2 is not None:
			cocci.print_secs(what, p2)
	else:
		coccilib.report.print_report(p[0], "ERROR: " + msg)

@script:python depends on org@
@@

rd_mode["org"] = True

// ---------------------------------------------------------------------
// A result thrown away.
// ---------------------------------------------------------------------

@discarded@
identifier mapf = {dma_map_sg, dma_map_sg_attrs, dma_map_sgtable};
expression D, S;
position p;
@@

mapf@p(D, S, ...);

// ---------------------------------------------------------------------
// A result kept: x = dma_map_sg(D, S, N, R, ...) or
// x = dma_map_sgtable(D, S, R, ...).
// ---------------------------------------------------------------------

@mapr@
identifier mapf = {dma_map_sg, dma_map_sg_attrs, dma_map_sgtable};
expression x, D, S;
position p;
@@

x = mapf@p(D, S, ...)

@script:python@
p << mapr.p;
@@

rd_new_file(p)

// dma_mapping_error() on a count.
@wrongtest exists@
identifier mapr.mapf = {dma_map_sg, dma_map_sg_attrs};
expression mapr.x, E, D2;
position mapr.p, pt;
@@

x = mapf@p(...)
... when != x = E
dma_mapping_error@pt(D2, x)

// Where the result is tested, and where it or the list is only unmapped.
@tested@
expression mapr.x, E, E2;
position pt;
statement S1, S2;
@@

(
 if (<+... x@pt ...+>) S1 else S2
|
 if (<+... x@pt ...+>) S1
|
 while (<+... x@pt ...+>) S1
|
 return <+... x@pt ...+>;
|
x@pt ? E : E2
|
 !x@pt
|
 x@pt == E
|
 x@pt != E
|
 x@pt < E
|
 x@pt <= E
|
 x@pt > E
|
 x@pt >= E
|
 E == x@pt
|
 E != x@pt
|
 E < x@pt
|
 E > x@pt
)

@script:python@
pt << tested.pt;
@@

rd_tests.add(rd_key(pt))

@unmapped@
expression mapr.x, mapr.S;
identifier unmapf = {dma_unmap_sg, dma_unmap_sg_attrs, dma_unmap_sgtable,
		     dma_sync_sg_for_cpu, dma_sync_sg_for_device,
		     dma_sync_sgtable_for_cpu, dma_sync_sgtable_for_device};
position pn;
@@

(
 unmapf(..., <+... x@pn ...+>, ...)
|
 unmapf(..., <+... S@pn ...+>, ...)
)

@script:python@
pn << unmapped.pn;
@@

rd_unmapped.add(rd_key(pn))

// A path from the map through a use to the end of the function with no
// test of the result on it.
@untested exists@
identifier mapr.mapf;
expression mapr.x, mapr.S, E;
position mapr.p, pm, pu : script:python () { rd_key(pu) not in rd_tests and rd_key(pu) not in rd_unmapped };
position pt : script:python () { rd_key(pt) in rd_tests };
@@

x = mapf@p@pm(...)
... when != x@pt
    when != x = E
(
 x@pu
|
 S@pu
)
... when any
    when != x@pt

// The count returned, unmapped or synced: in one function.
@ucount exists@
identifier mapr.mapf = {dma_map_sg, dma_map_sg_attrs};
expression mapr.x, mapr.D, mapr.S, E, D2, S2;
expression N : script:python () { not rd_one(N) };
identifier unmapf = {dma_unmap_sg, dma_unmap_sg_attrs,
		     dma_sync_sg_for_cpu, dma_sync_sg_for_device};
position mapr.p, pu;
@@

x = mapf@p(D, S, N, ...)
... when != x = E
unmapf@pu(D2, S2, x, ...)

// Across the file's functions: a structure field that holds the count.
@mapfld@
identifier mapf = {dma_map_sg, dma_map_sg_attrs};
expression E, D, S;
expression N : script:python () { not rd_one(N) };
identifier fld;
position p;
@@

\(E->fld\|E.fld\) = mapf@p(D, S, N, ...)

@script:python@
fld << mapfld.fld;
p << mapfld.p;
@@

rd_new_file(p)
rd_mapflds.setdefault(str(fld), p)

@otherfld@
expression E;
expression E2 : script:python () { rd_notmap(E2) };
identifier mapfld.fld;
position po;
@@

(
 \(E->fld@po\|E.fld@po\) = E2
|
 \(E->fld@po\|E.fld@po\) += E2
|
 \(E->fld@po\|E.fld@po\) -= E2
|
 \(E->fld@po\|E.fld@po\)++
|
 \(E->fld@po\|E.fld@po\)--
)

@script:python@
fld << mapfld.fld;
po << otherfld.po;
@@

rd_otherflds.add(str(fld))

@ufld@
identifier mapfld.fld;
identifier unmapf = {dma_unmap_sg, dma_unmap_sg_attrs,
		     dma_sync_sg_for_cpu, dma_sync_sg_for_device};
expression E, D2, S2;
position pu;
@@

unmapf@pu(D2, S2, \(E->fld\|E.fld\), ...)

// The nents passed to the map walked for DMA addresses.
@walk exists@
identifier mapr.mapf = {dma_map_sg, dma_map_sg_attrs};
expression mapr.x, mapr.D, mapr.S;
expression N : script:python (x) { not rd_one(N) and not rd_same(N, x) };
expression E, S2;
identifier sg, i;
iterator name for_each_sg;
position mapr.p, pw;
@@

x = mapf@p(D, S, N, ...)
... when != N = E
for_each_sg@pw(S2, sg, N, i) {
 <+... \(sg_dma_address(sg)\|sg_dma_len(sg)\) ...+>
}

@walkorig@
expression T;
identifier sg, i;
iterator name for_each_sg;
position pw;
@@

for_each_sg@pw(\(T->sgl\|T.sgl\), sg, \(T->orig_nents\|T.orig_nents\), i) {
 <+... \(sg_dma_address(sg)\|sg_dma_len(sg)\) ...+>
}

// Directions, for the same list in one function.  A call of a function
// of the file that maps a list (and may unmap and map it again the other
// way) ends the path.
@remapper@
identifier fn;
identifier mapf = {dma_map_sg, dma_map_sg_attrs, dma_map_sgtable};
@@

fn(...) { <+... mapf(...) ...+> }

@script:python@
fn << remapper.fn;
@@

rd_remappers.add(str(fn))

@mapdir@
identifier mapf = {dma_map_sg, dma_map_sg_attrs};
expression D, S, N, R;
position p;
@@

mapf@p(D, S, N, R, ...)

@script:python@
S << mapdir.S;
R << mapdir.R;
p << mapdir.p;
@@

rd_mapdirs.add((p[0].file, p[0].current_element, rd_norm(S), rd_expr(R)))

@udir exists@
identifier mapdir.mapf;
expression mapdir.D, mapdir.S, mapdir.N, mapdir.R, D2, N2, E;
expression R2 : script:python (R) { rd_dir_differs(R, R2) };
identifier unmapf = {dma_unmap_sg, dma_unmap_sg_attrs,
		     dma_sync_sg_for_cpu, dma_sync_sg_for_device};
identifier rf : script:python () { str(rf) in rd_remappers };
position mapdir.p, pu;
@@

mapf@p(D, S, N, R, ...)
... when != S = E
    when != rf(...)
unmapf@pu(D2, S, N2, R2, ...)

@mapdirt@
expression D, T, R;
position p;
@@

dma_map_sgtable@p(D, T, R, ...)

@script:python@
T << mapdirt.T;
R << mapdirt.R;
p << mapdirt.p;
@@

rd_mapdirs.add((p[0].file, p[0].current_element, rd_norm(T), rd_expr(R)))

@udirt exists@
expression mapdirt.D, mapdirt.T, mapdirt.R, D2, E;
expression R2 : script:python (R) { rd_dir_differs(R, R2) };
identifier unmapf = {dma_unmap_sgtable, dma_sync_sgtable_for_cpu,
		     dma_sync_sgtable_for_device};
identifier rf : script:python () { str(rf) in rd_remappers };
position mapdirt.p, pu;
@@

dma_map_sgtable@p(D, T, R, ...)
... when != T = E
    when != rf(...)
unmapf@pu(D2, T, R2, ...)

// ---------------------------------------------------------------------
// Reports.
// ---------------------------------------------------------------------

@depends on context@
identifier f;
position p = {discarded.p, wrongtest.pt, untested.pm, ucount.pu, ufld.pu,
	      walk.pw, walkorig.pw, udir.pu, udirt.pu};
@@

* f@p(...)

@script:python depends on report || org@
mapf << discarded.mapf;
S << discarded.S;
p << discarded.p;
@@

what = "a negative error" if str(mapf) == "dma_map_sgtable" else "0 on failure"
rd_report(rd_mode["org"], p, "the result of %s() of %s (%s) is thrown away: the list is used unmapped when it fails" % (mapf, rd_expr(S), what))

@script:python depends on report || org@
mapf << mapr.mapf;
x << mapr.x;
p << mapr.p;
pt << wrongtest.pt;
@@

rd_report(rd_mode["org"], pt, "%s (from %s() on line %s) is a count of entries, 0 on failure: dma_mapping_error() on it never fails" % (rd_expr(x), mapf, p[0].line), p, "mapped here")

@script:python depends on report || org@
mapf << mapr.mapf;
x << mapr.x;
S << mapr.S;
pm << untested.pm;
pu << untested.pu;
@@

what = "a negative error" if str(mapf) == "dma_map_sgtable" else "0 on failure"
rd_report(rd_mode["org"], pm, "%s (from %s() of %s, %s) is not tested before the use on line %s on some path" % (rd_expr(x), mapf, rd_expr(S), what, pu[0].line), pu, "used here")

@script:python depends on report || org@
mapf << mapr.mapf;
x << mapr.x;
N << ucount.N;
p << mapr.p;
unmapf << ucount.unmapf;
S2 << ucount.S2;
pu << ucount.pu;
@@

if rd_same(x, N):
	how = "%s, overwritten with the count %s() returned on line %s" % (rd_expr(x), mapf, p[0].line)
else:
	how = "%s, the count %s() returned on line %s, not the nents passed (%s)" % (rd_expr(x), mapf, p[0].line, rd_expr(N))
rd_report(rd_mode["org"], pu, "%s() of %s is given %s: the entries an IOMMU merged are left out" % (unmapf, rd_expr(S2), how), p, "mapped here")

@script:python depends on report || org@
fld << mapfld.fld;
unmapf << ufld.unmapf;
S2 << ufld.S2;
pu << ufld.pu;
@@

if str(fld) not in rd_otherflds and rd_key(pu) not in rd_done:
	pm = rd_mapflds[str(fld)]
	rd_report(rd_mode["org"], pu, "%s() of %s is given ->%s, which holds the count dma_map_sg() returned on line %s, not the nents passed: the entries an IOMMU merged are left out" % (unmapf, rd_expr(S2), fld, pm[0].line), pm, "mapped here")

@script:python depends on report || org@
mapf << mapr.mapf;
x << mapr.x;
N << walk.N;
p << mapr.p;
pw << walk.pw;
@@

rd_report(rd_mode["org"], pw, "for_each_sg() walks %s entries for DMA addresses, the nents passed to %s() on line %s, not the %s it returned: entries past that have no DMA address" % (rd_expr(N), mapf, p[0].line, rd_expr(x)), p, "mapped here")

@script:python depends on report || org@
T << walkorig.T;
pw << walkorig.pw;
@@

rd_report(rd_mode["org"], pw, "for_each_sg() walks %s's orig_nents entries for DMA addresses, not its nents (for_each_sgtable_dma_sg()): entries past nents have no DMA address" % rd_expr(T))

@script:python depends on report || org@
mapf << mapdir.mapf;
S << mapdir.S;
R << mapdir.R;
p << mapdir.p;
unmapf << udir.unmapf;
R2 << udir.R2;
pu << udir.pu;
@@

if (p[0].file, p[0].current_element, rd_norm(S), rd_expr(R2)) not in rd_mapdirs:
	rd_report(rd_mode["org"], pu, "%s() of %s with %s, mapped %s on line %s" % (unmapf, rd_expr(S), rd_expr(R2), rd_expr(R), p[0].line), p, "mapped here")

@script:python depends on report || org@
T << mapdirt.T;
R << mapdirt.R;
p << mapdirt.p;
unmapf << udirt.unmapf;
R2 << udirt.R2;
pu << udirt.pu;
@@

if (p[0].file, p[0].current_element, rd_norm(T), rd_expr(R2)) not in rd_mapdirs:
	rd_report(rd_mode["org"], pu, "%s() of %s with %s, mapped %s on line %s" % (unmapf, rd_expr(T), rd_expr(R2), rd_expr(R), p[0].line), p, "mapped here")
