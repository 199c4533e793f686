// SPDX-License-Identifier: GPL-2.0
/// Find an unmap that does not undo its map: dma_unmap_single(),
/// dma_unmap_page(), dma_unmap_resource() (or their _attrs forms) of the
/// address a dma_map_single(), dma_map_page(), skb_frag_dma_map() or
/// dma_map_resource() returned, with
///  - another direction (two of DMA_TO_DEVICE, DMA_FROM_DEVICE,
///    DMA_BIDIRECTIONAL that differ);
///  - a size that differs on its face: two different integer constants,
///    two different variables (s1 mapped, len unmapped), a sum and the
///    same sum with a term more or less (len + NET_IP_ALIGN mapped, len
///    unmapped), or the same length variable assigned between the map
///    and the unmap (the buffer's length reused for the received length);
///  - the wrong family: a dma_map_resource() address unmapped as memory,
///    or a memory mapping unmapped with dma_unmap_resource().
/// The unmap must name the direction and size of the map: a bounce buffer
/// (swiotlb) copies back to the CPU by the unmap's direction and size, so
/// DMA_TO_DEVICE for a device's write loses the data and a shorter size
/// loses its tail; cache maintenance on non-coherent machines works by
/// the same two; CONFIG_DMA_API_DEBUG reports both ("different
/// direction", "different size").  Unmapping MMIO as memory syncs caches
/// over a device's registers.
/// Mixing dma_unmap_single() and dma_unmap_page() is not reported: both
/// are dma_unmap_page_attrs() (dma-mapping.h), and dma-debug records
/// dma_map_single() and dma_map_page() as the same kind of entry.
//# The map and the unmap are matched in two ways.  In one function: the
//# expression the map's result was assigned to, unmapped on a path where
//# neither it nor any part of it was assigned again.  Across the file's
//# functions: a structure field, mapped into E->fld (at once, from a local
//# variable, or with dma_unmap_addr_set()) and unmapped from E2->fld or
//# dma_unmap_addr(E2, fld), where E and E2 have the same structure type
//# and spatch knows it (a local variable or a parameter declared with
//# it).  Drivers often use one structure type for the buffers of their
//# receive and their transmit rings, with the transmit maps in another
//# file or through an expression spatch cannot type (&ring->buf[i]):
//# across functions, a direction that no map of the field uses (or the
//# wrong family) is reported only when the unmap names the same size
//# expression as every map of the field, which makes it the same
//# buffer, and a constant size (numbers and macros) that differs from
//# the maps' only when the direction is theirs.  A direction held in a variable
//# (ring->dma_dir) is compared with nothing; a size is compared only in
//# the ways above (len against skb_headlen(skb) is not).
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

rd_dirs = {"DMA_TO_DEVICE", "DMA_FROM_DEVICE", "DMA_BIDIRECTIONAL"}
# Unmaps to report, by position: (message, position of the map or None).
rd_flagged = {}
rd_file = None
# Each map: position -> (function, size, direction).
rd_maps = {}
# Maps into a structure field: (structure type, field) -> [(function,
# size, direction, line)], for the current file.
rd_fields = {}

def rd_new_file(p):
	global rd_file
	if p[0].file != rd_file:
		rd_file = p[0].file
		rd_maps.clear()
		rd_fields.clear()

def rd_key(p):
	return (p[0].file, p[0].line, p[0].column)

def rd_expr(e):
	"""An expression as spatch prints it, with the spaces it adds removed."""
	s = re.sub(r"\s*(->|\.|\[|\]|\))\s*", r"\1", str(e))
	s = re.sub(r"([(\[&*!~])\s+", r"\1", s)
	return re.sub(r"(\w)\s+\(", r"\1(", s)

def rd_int(e):
	s = rd_expr(e).rstrip("uUlL")
	try:
		return int(s, 0)
	except ValueError:
		return None

def rd_dir_differs(d1, d2):
	d1, d2 = rd_expr(d1), rd_expr(d2)
	return d1 in rd_dirs and d2 in rd_dirs and d1 != d2

def rd_is_dir(d):
	return rd_expr(d) in rd_dirs

def rd_terms(e):
	"""The terms of a sum or difference, with their signs; None when the
	expression has an operator that binds less tightly at its top level."""
	s = rd_expr(e)
	terms, depth, cur, sign, i = [], 0, "", "+", 0
	while i < len(s):
		c, nxt = s[i], s[i + 1:i + 2]
		if c in "([":
			depth += 1
		elif c in ")]":
			depth -= 1
		elif depth == 0 and c in "<>&|^?=!" and not (c == ">" and cur.endswith("-")):
			return None
		elif depth == 0 and c in "+-" and nxt not in ("+", "-", ">") \
				and cur.strip() and not cur.endswith(("+", "-")):
			terms.append(sign + cur.strip())
			sign, cur, i = c, "", i + 1
			continue
		cur += c
		i += 1
	terms.append(sign + cur.strip())
	return sorted(terms)

def rd_var(e):
	"""A plain variable (lower case: not a macro)."""
	return re.match(r"^[a-z_][a-z0-9_]*$", rd_expr(e)) is not None

def rd_const(e):
	"""Numbers and upper-case names (macros) only."""
	return re.match(r"^[A-Z0-9_+\-*/()<> ]+$", rd_expr(e)) is not None

def rd_size_differs(l1, l2):
	"""Sizes that differ on their face: two different integer constants,
	two different variables, or a sum and the same sum with a term more
	or less."""
	a, b = rd_int(l1), rd_int(l2)
	if a is not None and b is not None:
		return a != b
	if rd_var(l1) and rd_var(l2):
		return rd_expr(l1) != rd_expr(l2)
	t1, t2 = rd_terms(l1), rd_terms(l2)
	if t1 is None or t2 is None or len(t1) == len(t2):
		return False
	short, long_ = (t1, t2) if len(t1) < len(t2) else (t2, t1)
	rest = list(long_)
	for t in short:
		if t not in rest:
			return False
		rest.remove(t)
	return True

def rd_flag(pu, pm, msg):
	"""Flags an unmap; the first reason found is the one reported."""
	if rd_key(pu) not in rd_flagged:
		rd_flagged[rd_key(pu)] = (msg, pm)

def rd_why(mapf, l1, d1, unmapf, l2, d2):
	why = []
	if rd_dir_differs(d1, d2):
		why.append("direction %s, mapped with %s" % (rd_expr(d2), rd_expr(d1)))
	if rd_size_differs(l1, l2):
		why.append("size %s, mapped with %s" % (rd_expr(l2), rd_expr(l1)))
	if (mapf == "dma_map_resource") != (unmapf == "dma_unmap_resource"):
		why.append("it unmaps a %s() mapping" % mapf)
	return why

def rd_check(pm, unmapf, l2, d2, pu, x):
	if rd_key(pm) not in rd_maps:
		return
	mapf, l1, d1 = rd_maps[rd_key(pm)]
	why = rd_why(mapf, l1, d1, unmapf, l2, d2)
	if why:
		rd_flag(pu, pm, "%s() of %s: %s (%s() on line %s)" %
			  (unmapf, rd_expr(x), "; ".join(why), mapf, pm[0].line))

def rd_len_changed(pm, unmapf, l2, pu, pa, x):
	if rd_key(pm) not in rd_maps:
		return
	mapf, l1, d1 = rd_maps[rd_key(pm)]
	if rd_expr(l1) != rd_expr(l2):
		return
	rd_flag(pu, pm, "%s() of %s: size %s, assigned on line %s after %s() on line %s mapped with it" %
		  (unmapf, rd_expr(x), rd_expr(l2), pa[0].line, mapf, pm[0].line))

def rd_type(t):
	return re.sub(r"\s+", " ", str(t).replace("*", "")).strip()

def rd_field_map(pm, t, fld, line):
	if rd_key(pm) not in rd_maps:
		return
	mapf, l1, d1 = rd_maps[rd_key(pm)]
	rd_fields.setdefault((rd_type(t), str(fld)), []).append((mapf, l1, d1, line))

def rd_field_unmap(unmapf, t, fld, l2, d2, pu, e):
	"""An unmap of a field of a structure type that the file's other
	functions map.  Rings often share one structure type for their
	receive and transmit buffers, with the transmit maps in another file
	or through an expression spatch cannot type: the unmap is compared
	only when its size is the one every map of the field names (the
	same buffer, then), and a size only when the direction is theirs
	and both sizes are constants (a variable of another function says
	nothing)."""
	maps = rd_fields.get((rd_type(t), str(fld)))
	if not maps:
		return
	why = []
	dirs = set(rd_expr(m[2]) for m in maps)
	sizes = set(rd_expr(m[1]) for m in maps)
	same_size = len(sizes) == 1 and rd_expr(l2) in sizes
	if same_size and rd_is_dir(d2) and all(d in rd_dirs for d in dirs) and rd_expr(d2) not in dirs:
		why.append("direction %s, mapped with %s" % (rd_expr(d2), "/".join(sorted(dirs))))
	if dirs == set([rd_expr(d2)]) and len(sizes) == 1 and rd_const(maps[0][1]) \
			and rd_const(l2) and rd_size_differs(maps[0][1], l2):
		why.append("size %s, mapped with %s" % (rd_expr(l2), rd_expr(maps[0][1])))
	kinds = set(m[0] == "dma_map_resource" for m in maps)
	if same_size and len(kinds) == 1 and kinds.pop() != (unmapf == "dma_unmap_resource"):
		why.append("it unmaps a %s() mapping" % maps[0][0])
	if why:
		lines = ", ".join(sorted(set(str(m[3]) for m in maps), key=int))
		sep = "->" if "*" in str(t) else "."
		msg = "%s() of %s%s%s: %s (field %s of %s, mapped on line %s)" % (unmapf, rd_expr(e), sep, fld, "; ".join(why), fld, rd_type(t), lines)
		rd_flag(pu, None, msg)

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

rd_new_file(p)

// ---------------------------------------------------------------------
// The maps, with their size and direction.
// ---------------------------------------------------------------------

@map_s@
identifier mapf = {dma_map_single, dma_map_single_attrs, dma_map_resource};
expression D, A, L, dir;
position p;
@@

mapf@p(D, A, L, dir, ...)

@script:python@
mapf << map_s.mapf;
L << map_s.L;
dir << map_s.dir;
p << map_s.p;
@@

rd_maps[rd_key(p)] = (str(mapf), L, dir)

@map_p@
identifier mapf = {dma_map_page, dma_map_page_attrs, skb_frag_dma_map};
expression D, A, O, L, dir;
position p;
@@

mapf@p(D, A, O, L, dir, ...)

@script:python@
mapf << map_p.mapf;
L << map_p.L;
dir << map_p.dir;
p << map_p.p;
@@

rd_maps[rd_key(p)] = (str(mapf), L, dir)

@map_x@
identifier mapf = {dma_map_single, dma_map_single_attrs, dma_map_resource,
		   dma_map_page, dma_map_page_attrs, skb_frag_dma_map};
expression x;
position p;
@@

x = mapf@p(...)

@map_y@
identifier mapf = {dma_map_single, dma_map_single_attrs, dma_map_resource,
		   dma_map_page, dma_map_page_attrs, skb_frag_dma_map};
identifier y;
type T;
position p;
@@

T y = mapf@p(...);

// ---------------------------------------------------------------------
// An unmap of the map's result in the same function.
// ---------------------------------------------------------------------

@um_x exists@
identifier map_x.mapf;
expression map_x.x, subx <= map_x.x, E, D, L2, dir2;
identifier unmapf = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		     dma_unmap_page_attrs, dma_unmap_resource};
position map_x.p, pm, pu;
@@

mapf@p@pm(...)
... when != subx = E
    when != subx++
    when != ++subx
    when != subx--
    when != --subx
    when != subx += E
    when != subx -= E
unmapf@pu(D, x, L2, dir2, ...)

@script:python@
pm << um_x.pm;
unmapf << um_x.unmapf;
L2 << um_x.L2;
dir2 << um_x.dir2;
pu << um_x.pu;
x << map_x.x;
@@

rd_check(pm, str(unmapf), L2, dir2, pu, x)

@um_y exists@
identifier map_y.mapf, map_y.y;
expression E, D, L2, dir2;
identifier unmapf = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		     dma_unmap_page_attrs, dma_unmap_resource};
position map_y.p, pm, pu;
@@

mapf@p@pm(...)
... when != y = E
    when != y++
    when != y += E
unmapf@pu(D, y, L2, dir2, ...)

@script:python@
pm << um_y.pm;
unmapf << um_y.unmapf;
L2 << um_y.L2;
dir2 << um_y.dir2;
pu << um_y.pu;
y << map_y.y;
@@

rd_check(pm, str(unmapf), L2, dir2, pu, y)

// The same size expression, but a part of it assigned between the map and
// the unmap (a length variable reused for the received length).

@len_x exists@
identifier map_x.mapf, um_x.unmapf;
expression map_x.x, subx <= map_x.x, um_x.L2, subl <= um_x.L2, E, E1, D;
position map_x.p, um_x.pu, pa;
@@

mapf@p(...)
... when != subx = E
    when != subx++
    when != subx += E
(
 subl@pa = E1
|
 subl@pa += E1
|
 subl@pa -= E1
)
... when != subx = E
    when != subx++
    when != subx += E
unmapf@pu(D, x, L2, ...)

@script:python@
pm << map_x.p;
unmapf << um_x.unmapf;
L2 << um_x.L2;
pu << um_x.pu;
pa << len_x.pa;
x << map_x.x;
@@

rd_len_changed(pm, str(unmapf), L2, pu, pa, x)

@len_y exists@
identifier map_y.mapf, map_y.y, um_y.unmapf;
expression um_y.L2, subl <= um_y.L2, E, E1, D;
position map_y.p, um_y.pu, pa;
@@

mapf@p(...)
... when != y = E
(
 subl@pa = E1
|
 subl@pa += E1
|
 subl@pa -= E1
)
... when != y = E
unmapf@pu(D, y, L2, ...)

@script:python@
pm << map_y.p;
unmapf << um_y.unmapf;
L2 << um_y.L2;
pu << um_y.pu;
pa << len_y.pa;
y << map_y.y;
@@

rd_len_changed(pm, str(unmapf), L2, pu, pa, y)

// ---------------------------------------------------------------------
// The same field of the same structure type, across the file's
// functions: mapped into E->fld (at once, or through a local variable,
// or with dma_unmap_addr_set()), unmapped from E2->fld or
// dma_unmap_addr(E2, fld).  Only expressions whose type spatch knows (a
// local variable or parameter of a structure type) are matched.
// ---------------------------------------------------------------------

@fmap@
identifier mapf = {dma_map_single, dma_map_single_attrs, dma_map_resource,
		   dma_map_page, dma_map_page_attrs, skb_frag_dma_map};
type T;
T E;
identifier fld;
position p;
@@

(
 E->fld = mapf@p(...)
|
 E.fld = mapf@p(...)
)

@script:python@
p << fmap.p;
T << fmap.T;
fld << fmap.fld;
@@

rd_field_map(p, T, fld, p[0].line)

@fstore_x exists@
identifier map_x.mapf;
expression map_x.x, E2;
type T;
T E;
identifier fld;
position map_x.p, ps;
@@

mapf@p(...)
... when != x = E2
(
 E->fld@ps = x
|
 E.fld@ps = x
|
 dma_unmap_addr_set@ps(E, fld, x)
)

@script:python@
p << map_x.p;
T << fstore_x.T;
fld << fstore_x.fld;
ps << fstore_x.ps;
@@

rd_field_map(p, T, fld, ps[0].line)

@fstore_y exists@
identifier map_y.mapf, map_y.y;
expression E2;
type T;
T E;
identifier fld;
position map_y.p, ps;
@@

mapf@p(...)
... when != y = E2
(
 E->fld@ps = y
|
 E.fld@ps = y
|
 dma_unmap_addr_set@ps(E, fld, y)
)

@script:python@
p << map_y.p;
T << fstore_y.T;
fld << fstore_y.fld;
ps << fstore_y.ps;
@@

rd_field_map(p, T, fld, ps[0].line)

@funmap@
identifier unmapf = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		     dma_unmap_page_attrs, dma_unmap_resource};
type T;
T E;
identifier fld;
expression D, L2, dir2;
position pu;
@@

(
 unmapf@pu(D, E->fld, L2, dir2, ...)
|
 unmapf@pu(D, E.fld, L2, dir2, ...)
|
 unmapf@pu(D, dma_unmap_addr(E, fld), L2, dir2, ...)
)

@script:python@
unmapf << funmap.unmapf;
T << funmap.T;
fld << funmap.fld;
L2 << funmap.L2;
dir2 << funmap.dir2;
pu << funmap.pu;
E << funmap.E;
@@

rd_field_unmap(str(unmapf), T, fld, L2, dir2, pu, E)

// ---------------------------------------------------------------------
// Reports: one per unmap.
// ---------------------------------------------------------------------

@flagged@
identifier unmapf = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		     dma_unmap_page_attrs, dma_unmap_resource};
position pu : script:python () { rd_key(pu) in rd_flagged };
@@

unmapf@pu(...)

@depends on context@
identifier flagged.unmapf;
position flagged.pu;
@@

* unmapf@pu(...)

@script:python depends on report@
pu << flagged.pu;
@@

coccilib.report.print_report(pu[0], "ERROR: " + rd_flagged[rd_key(pu)][0])

@script:python depends on org@
pu << flagged.pu;
@@

msg, pm = rd_flagged[rd_key(pu)]
cocci.print_main(msg, pu)
if pm is not None:
	cocci.print_secs("mapped here", pm)
