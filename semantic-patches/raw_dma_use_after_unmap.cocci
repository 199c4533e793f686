// SPDX-License-Identifier: GPL-2.0
/// Find a bus address used after its unmap: the address given to
/// dma_unmap_single(), dma_unmap_page(), dma_unmap_resource() (or their
/// _attrs forms), and then, on some path on which it is not assigned
/// again (no re-map in between),
///  - unmapped again: a double unmap, as when an error branch unmaps and
///    then reaches the common cleanup that unmaps too;
///  - given to dma_sync_single_for_cpu()/_for_device() (or the _range_
///    forms);
///  - written into memory (a descriptor, a ring slot, the unmap
///    bookkeeping with dma_unmap_addr_set()) or to a register (writel(),
///    writeq(), iowrite32() and their variants).
/// The unmap ends the mapping: under an IOMMU the IOVA is freed, so the
/// address translates to nothing (an IOMMU fault) or, once a later
/// mapping reuses it, to another buffer that the device then reads or
/// overwrites; under swiotlb the bounce slot is freed, and a second
/// unmap or a sync copies whatever another driver's mapping now keeps
/// there over this buffer (and frees that slot); on non-coherent ARM and
/// MIPS a second unmap of a DMA_FROM_DEVICE buffer invalidates the cache
/// lines over data the CPU has written since.  CONFIG_DMA_API_DEBUG
/// reports the double unmap ("device driver tries to free DMA memory it
/// has not allocated").  The CPU's use of the buffer after the unmap is
/// what the unmap is for and is not reported, nor is printing, testing or
/// copying the address into a local variable.
//# One function only, and one address written the same way at the unmap
//# and at the use, spaces aside; a field may be written B->F or
//# dma_unmap_addr(B, F) at either.  The path from the unmap stops where
//# the address, or any part of it (a ring index, the pointer to the
//# slot), is assigned, incremented or has its address taken.  For an
//# address kept in a structure's field (B->F, B.F, dma_unmap_addr(B, F))
//# it also stops where any field of B is written (the skb pointer, a
//# length or a flag cleared to say the slot is empty: the test of that
//# guard before the next unmap is then not needed), at
//# dma_unmap_addr_set() or dma_unmap_len_set() on B, and at a call given
//# B itself (a helper that resets the slot): a double unmap with such a
//# write in between is not seen.  Any path also stops where a variable
//# is set to NULL or false (skb = NULL; goto drop; ... if (skb) ...).
//# Values are not evaluated otherwise, so two unmaps under conditions
//# that exclude each other would be reported.  On each path only the
//# first use after the unmap is reported.  Paths through the next step
//# of a loop are not followed, since spatch does not see what a loop
//# changes through its calls (a helper that advances the ring) and its
//# iterators (list_for_each_entry() assigns its cursor): a use at or
//# before its unmap in the text, or in the other branch of an if/else,
//# is not reported, and when the unmap and the use are in the body of
//# one iterator whose arguments name a part of the address, only a path
//# inside one step of the body counts; so an address unmapped in two
//# steps of a loop is not seen.  An address read through an expression
//# with a side effect (*addr++, *--p) or a call (a register or
//# descriptor read such as in_be32()) is not followed; conversions
//# (le32_to_cpu() and the like), dma_unmap_addr() and macros in
//# capitals are taken to read the same value each time.  A copy into a
//# local variable is not a use, and the copy is not followed.  Not seen:
//# an unmap in one function and the use in another (a cleanup run
//# twice, a helper given the address), a helper that writes the address
//# to the device, dma_unmap_sg() and dma_free_coherent().
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

# Uses of an unmapped address, by the position of the use:
# [(address, position of the unmap)].
rd_uses = {}
# Positions of the unmaps in rd_uses.
rd_unmaps = set()
# Positions of those unmaps and uses that lie in the body of an iterator
# (list_for_each_entry() and the like): position -> {(position of the
# iterator, its arguments)}.
rd_initer = {}
# (unmap, use, iterator) with a path from the unmap to the use inside
# one step of the body of the iterator.
rd_inbody = set()
# Extents ((line, column) of start and end) of the two branches of each
# if/else.
rd_branches = []
# Reports, by the position of the use: (message, position of the unmap).
rd_final = {}
# Uses already reported.
rd_done = set()

rd_file = None

def rd_new_file(p):
	"""spatch runs the rules file by file in one Python: the tables are
	those of the current file only."""
	global rd_file
	if p[0].file != rd_file:
		rd_file = p[0].file
		for t in (rd_uses, rd_unmaps, rd_initer, rd_inbody, rd_final, rd_done):
			t.clear()
		del rd_branches[:]

def rd_key(p):
	return (p[0].file, int(p[0].line), int(p[0].column))

def rd_expr(e):
	"""An expression as spatch prints it, without the comments before it
	and the spaces it adds."""
	s = re.sub(r"/\*.*?\*/|//[^\n]*", " ", str(e), flags=re.S)
	s = re.sub(r"\s*(->|\.|\[|\]|\))\s*", r"\1", s)
	s = re.sub(r"([(\[&*!~])\s+", r"\1", s)
	s = re.sub(r"\s+,", ",", s)
	return re.sub(r"(\w)\s+\(", r"\1(", s).strip()

def rd_plain(x):
	"""x is not a field of a structure nor dma_unmap_addr(): those have
	rules of their own."""
	s = rd_expr(x)
	return not (re.search(r"(->|\.)\w+$", s) or s.startswith("dma_unmap_addr("))

# Calls an address may contain and still read the same value each time.
rd_pure_calls = {"dma_unmap_addr", "le16_to_cpu", "le32_to_cpu", "le64_to_cpu",
		 "be16_to_cpu", "be32_to_cpu", "be64_to_cpu", "lower_32_bits",
		 "upper_32_bits", "skb_shinfo", "page_address"}

def rd_pure(e):
	"""e reads the same value each time it is evaluated: no ++, --,
	assignment, nor a call other than a conversion or a macro in capitals
	(a register read, *addr++, *--p, in_be32() are not)."""
	s = rd_expr(e)
	if "++" in s or "--" in s or re.search(r"[^=!<>]=[^=]", s):
		return False
	for f in re.findall(r"([A-Za-z_]\w*)\s*\(", s):
		if f not in rd_pure_calls and not re.match(r"^[A-Z][A-Z0-9_]*$", f):
			return False
	return True

def rd_name(e):
	"""e is a bare name (a local variable)."""
	return re.match(r"^[A-Za-z_]\w*$", rd_expr(e)) is not None

def rd_use(x, p1, p2):
	rd_uses.setdefault(rd_key(p2), []).append((x, p1))
	rd_unmaps.add(rd_key(p1))

def rd_is_use_or_unmap(p):
	return rd_key(p) in rd_uses or rd_key(p) in rd_unmaps

def rd_note_iter(p, pi, es):
	rd_initer.setdefault(rd_key(p), set()).add((rd_key(pi), rd_expr(es)))

def rd_backedge(x, p1, p2):
	"""The unmap and the use are in the body of one iterator whose
	arguments name a part of the address, and no path inside one step of
	the body leads from the one to the other: the path runs through the
	next step of the iterator, which spatch does not see assign its cursor."""
	names = set(re.findall(r"[A-Za-z_]\w*", x))
	for (pi, es) in rd_initer.get(rd_key(p1), set()) & rd_initer.get(rd_key(p2), set()):
		if (names & set(re.findall(r"[A-Za-z_]\w*", es)) and
		    (rd_key(p1), rd_key(p2), pi) not in rd_inbody):
			return True
	return False

def rd_inside(p, ext):
	k = rd_key(p)[1:]
	return ext[0] <= k <= ext[1]

def rd_exclusive(p1, p2):
	"""The unmap and the use are in the two branches of one if/else: a
	path from the one to the other runs through a next step of a loop (or a
	goto back)."""
	for (a, b) in rd_branches:
		if ((rd_inside(p1, a) and rd_inside(p2, b)) or
		    (rd_inside(p1, b) and rd_inside(p2, a))):
			return True
	return False

def rd_pick(p2):
	"""The address and the unmap a use is reported with: the nearest
	unmap before it, else the last one; None when every path to it runs
	through an next step of the iterator."""
	best = None
	for (x, p1) in rd_uses.get(rd_key(p2), []):
		# A use at or before the unmap, or in the other branch of
		# an if/else, is reached through the next step of a loop or a
		# goto back: spatch does not see what the loop changes
		# through its calls and iterators.
		if (rd_key(p2)[1:] <= rd_key(p1)[1:] or rd_exclusive(p1, p2) or
		    rd_backedge(x, p1, p2)):
			continue
		k = rd_key(p1)[1:]
		score = (k < rd_key(p2)[1:], k)
		if best is None or score > best[0]:
			best = (score, x, p1)
	return None if best is None else best[1:]

def rd_flag(p2, what):
	"""Keeps the report for the use at p2; what is a format with %(x)s
	(the address) and %(l)s (the line of the unmap)."""
	if rd_key(p2) in rd_final:
		return
	pick = rd_pick(p2)
	if pick is None:
		return
	x, p1 = pick
	rd_final[rd_key(p2)] = (what % {"x": x, "l": p1[0].line}, p1)

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
// Every unmap, by the form of its address: a field of a structure (B->F,
// B.F, dma_unmap_addr(B, F)) or any other expression (a local variable,
// a field of a descriptor read back).
// ---------------------------------------------------------------------

@un_e@
identifier unmapf = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		     dma_unmap_page_attrs, dma_unmap_resource};
expression D;
expression X : script:python () { rd_plain(X) and rd_pure(X) };
position p1;
@@

unmapf@p1(D, X, ...)

@un_arrow disable ptr_to_array@
identifier unmapf = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		     dma_unmap_page_attrs, dma_unmap_resource};
expression D;
expression B : script:python () { rd_pure(B) };
identifier F;
position p1;
@@

unmapf@p1(D, B->F, ...)

@un_dot@
identifier unmapf = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		     dma_unmap_page_attrs, dma_unmap_resource};
expression D;
expression B : script:python () { rd_pure(B) };
identifier F;
position p1;
@@

unmapf@p1(D, B.F, ...)

@un_addr@
identifier unmapf = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		     dma_unmap_page_attrs, dma_unmap_resource};
expression D;
expression B : script:python () { rd_pure(B) };
identifier F;
position p1;
@@

unmapf@p1(D, dma_unmap_addr(B, F), ...)

// ---------------------------------------------------------------------
// From the unmap, a path on which the address (or a part of it: the
// index of a ring slot, the pointer to the bookkeeping of a buffer) is not
// assigned, incremented or passed by address, to a use: another unmap,
// a dma_sync_*(), a write into memory (a descriptor, the bookkeeping)
// or into a register.  The path of a field also stops at a write of any other
// field of its structure (the skb pointer or a flag cleared to say the
// slot is empty), at dma_unmap_addr_set()/dma_unmap_len_set() on it, and
// at a call given the structure itself.
// ---------------------------------------------------------------------

@uau_e disable ptr_to_array exists@
identifier unmapf = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		     dma_unmap_page_attrs, dma_unmap_resource};
identifier unmapf2 = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		      dma_unmap_page_attrs, dma_unmap_resource};
identifier syncf = {dma_sync_single_for_cpu, dma_sync_single_for_device,
		    dma_sync_single_range_for_cpu, dma_sync_single_range_for_device};
identifier wf = {writel, writel_relaxed, writeq, writeq_relaxed, iowrite32,
		 iowrite32be, iowrite64, iowrite64be, lo_hi_writeq, hi_lo_writeq,
		 __raw_writel, __raw_writeq};
expression un_e.X, subx <= un_e.X;
expression un_e.D, D2, E, E1, E2;
assignment operator aop;
identifier V;
symbol false;
position un_e.p1, p2;
@@

unmapf@p1(D, X, ...)
... when != subx aop E
    when != subx++
    when != ++subx
    when != subx--
    when != --subx
    when != &subx
    when != V = NULL
    when != V = false
(
 unmapf2@p2(D2, X, ...)
|
 syncf@p2(D2, X, ...)
|
 wf@p2(<+... X ...+>, ...)
|
 E1@p2 = <+... X ...+>
|
 dma_unmap_addr_set@p2(E1, E2, X)
)

@script:python@
p1 << un_e.p1;
p2 << uau_e.p2;
X << un_e.X;
@@

rd_use(rd_expr(X), p1, p2)

@uau_arrow disable ptr_to_array exists@
identifier unmapf = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		     dma_unmap_page_attrs, dma_unmap_resource};
identifier unmapf2 = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		      dma_unmap_page_attrs, dma_unmap_resource};
identifier syncf = {dma_sync_single_for_cpu, dma_sync_single_for_device,
		    dma_sync_single_range_for_cpu, dma_sync_single_range_for_device};
identifier wf = {writel, writel_relaxed, writeq, writeq_relaxed, iowrite32,
		 iowrite32be, iowrite64, iowrite64be, lo_hi_writeq, hi_lo_writeq,
		 __raw_writel, __raw_writeq};
expression un_arrow.B, subb <= un_arrow.B;
identifier un_arrow.F, G;
identifier fn != {dma_unmap_addr, dma_unmap_len};
expression un_arrow.D, D2, E, E1, E2;
assignment operator aop;
identifier V;
symbol false;
position un_arrow.p1, p2;
@@

unmapf@p1(D, B->F, ...)
... when != subb aop E
    when != subb++
    when != ++subb
    when != subb--
    when != --subb
    when != &subb
    when != B->G aop E
    when != B->G++
    when != B->G--
    when != &B->G
    when != dma_unmap_addr(B, G) aop E
    when != dma_unmap_addr(B, G)++
    when != dma_unmap_addr(B, G)--
    when != &dma_unmap_addr(B, G)
    when != dma_unmap_addr_set(B, G, E)
    when != dma_unmap_len_set(B, G, E)
    when != fn(..., B, ...)
    when != V = NULL
    when != V = false
(
 unmapf2@p2(D2, B->F, ...)
|
 syncf@p2(D2, B->F, ...)
|
 wf@p2(<+... B->F ...+>, ...)
|
 E1@p2 = <+... B->F ...+>
|
 dma_unmap_addr_set@p2(E1, E2, B->F)
|
 unmapf2@p2(D2, dma_unmap_addr(B, F), ...)
|
 syncf@p2(D2, dma_unmap_addr(B, F), ...)
|
 wf@p2(<+... dma_unmap_addr(B, F) ...+>, ...)
|
 E1@p2 = <+... dma_unmap_addr(B, F) ...+>
|
 dma_unmap_addr_set@p2(E1, E2, dma_unmap_addr(B, F))
)

@script:python@
p1 << un_arrow.p1;
p2 << uau_arrow.p2;
B << un_arrow.B;
F << un_arrow.F;
@@

rd_use("%s->%s" % (rd_expr(B), F), p1, p2)

@uau_dot disable ptr_to_array exists@
identifier unmapf = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		     dma_unmap_page_attrs, dma_unmap_resource};
identifier unmapf2 = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		      dma_unmap_page_attrs, dma_unmap_resource};
identifier syncf = {dma_sync_single_for_cpu, dma_sync_single_for_device,
		    dma_sync_single_range_for_cpu, dma_sync_single_range_for_device};
identifier wf = {writel, writel_relaxed, writeq, writeq_relaxed, iowrite32,
		 iowrite32be, iowrite64, iowrite64be, lo_hi_writeq, hi_lo_writeq,
		 __raw_writel, __raw_writeq};
expression un_dot.B, subb <= un_dot.B;
identifier un_dot.F, G;
identifier fn != {dma_unmap_addr, dma_unmap_len};
expression un_dot.D, D2, E, E1, E2;
assignment operator aop;
identifier V;
symbol false;
position un_dot.p1, p2;
@@

unmapf@p1(D, B.F, ...)
... when != subb aop E
    when != subb++
    when != ++subb
    when != subb--
    when != --subb
    when != &subb
    when != B.G aop E
    when != B.G++
    when != B.G--
    when != &B.G
    when != dma_unmap_addr_set(B, G, E)
    when != dma_unmap_len_set(B, G, E)
    when != fn(..., B, ...)
    when != fn(..., &B, ...)
    when != V = NULL
    when != V = false
(
 unmapf2@p2(D2, B.F, ...)
|
 syncf@p2(D2, B.F, ...)
|
 wf@p2(<+... B.F ...+>, ...)
|
 E1@p2 = <+... B.F ...+>
|
 dma_unmap_addr_set@p2(E1, E2, B.F)
)

@script:python@
p1 << un_dot.p1;
p2 << uau_dot.p2;
B << un_dot.B;
F << un_dot.F;
@@

rd_use("%s.%s" % (rd_expr(B), F), p1, p2)

@uau_addr disable ptr_to_array exists@
identifier unmapf = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		     dma_unmap_page_attrs, dma_unmap_resource};
identifier unmapf2 = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		      dma_unmap_page_attrs, dma_unmap_resource};
identifier syncf = {dma_sync_single_for_cpu, dma_sync_single_for_device,
		    dma_sync_single_range_for_cpu, dma_sync_single_range_for_device};
identifier wf = {writel, writel_relaxed, writeq, writeq_relaxed, iowrite32,
		 iowrite32be, iowrite64, iowrite64be, lo_hi_writeq, hi_lo_writeq,
		 __raw_writel, __raw_writeq};
expression un_addr.B, subb <= un_addr.B;
identifier un_addr.F, G;
identifier fn != {dma_unmap_addr, dma_unmap_len};
expression un_addr.D, D2, E, E1, E2;
assignment operator aop;
identifier V;
symbol false;
position un_addr.p1, p2;
@@

unmapf@p1(D, dma_unmap_addr(B, F), ...)
... when != subb aop E
    when != subb++
    when != ++subb
    when != subb--
    when != --subb
    when != &subb
    when != B->G aop E
    when != B->G++
    when != B->G--
    when != &B->G
    when != dma_unmap_addr(B, G) aop E
    when != dma_unmap_addr(B, G)++
    when != dma_unmap_addr(B, G)--
    when != &dma_unmap_addr(B, G)
    when != dma_unmap_addr_set(B, G, E)
    when != dma_unmap_len_set(B, G, E)
    when != fn(..., B, ...)
    when != V = NULL
    when != V = false
(
 unmapf2@p2(D2, dma_unmap_addr(B, F), ...)
|
 syncf@p2(D2, dma_unmap_addr(B, F), ...)
|
 wf@p2(<+... dma_unmap_addr(B, F) ...+>, ...)
|
 E1@p2 = <+... dma_unmap_addr(B, F) ...+>
|
 dma_unmap_addr_set@p2(E1, E2, dma_unmap_addr(B, F))
|
 unmapf2@p2(D2, B->F, ...)
|
 syncf@p2(D2, B->F, ...)
|
 wf@p2(<+... B->F ...+>, ...)
|
 E1@p2 = <+... B->F ...+>
|
 dma_unmap_addr_set@p2(E1, E2, B->F)
)

@script:python@
p1 << un_addr.p1;
p2 << uau_addr.p2;
B << un_addr.B;
F << un_addr.F;
@@

rd_use("dma_unmap_addr(%s, %s)" % (rd_expr(B), F), p1, p2)

// ---------------------------------------------------------------------
// The iterators around the unmaps and uses.
// ---------------------------------------------------------------------

@in_iter exists@
iterator I;
expression list es;
expression E;
position p : script:python () { rd_is_use_or_unmap(p) };
position pi;
@@

I@pi(es) { ... when any
E@p
... when any
}

@script:python@
p << in_iter.p;
pi << in_iter.pi;
es << in_iter.es;
@@

rd_note_iter(p, pi, es)

@in_body exists@
iterator I;
expression E1, E2;
position p1 : script:python () { rd_key(p1) in rd_initer };
position p2 : script:python () { rd_key(p2) in rd_initer };
position pi;
@@

I@pi(...) { ... when any
E1@p1
... when any
E2@p2
... when any
}

@script:python@
p1 << in_body.p1;
p2 << in_body.p2;
pi << in_body.pi;
@@

rd_inbody.add((rd_key(p1), rd_key(p2), rd_key(pi)))

// The two branches of each if/else.

@branches@
expression C;
statement S1, S2;
position q1, q2;
@@

if (C) S1@q1 else S2@q2

@script:python@
q1 << branches.q1;
q2 << branches.q2;
@@

rd_branches.append((((int(q1[0].line), int(q1[0].column)), (int(q1[0].line_end), int(q1[0].column_end))),
		    ((int(q2[0].line), int(q2[0].column)), (int(q2[0].line_end), int(q2[0].column_end)))))

// ---------------------------------------------------------------------
// Reports: one per use.
// ---------------------------------------------------------------------

@rep_unmap@
identifier unmapf2 = {dma_unmap_single, dma_unmap_single_attrs, dma_unmap_page,
		      dma_unmap_page_attrs, dma_unmap_resource};
position p2 : script:python () { rd_key(p2) in rd_uses };
@@

unmapf2@p2(...)

@rep_sync@
identifier syncf = {dma_sync_single_for_cpu, dma_sync_single_for_device,
		    dma_sync_single_range_for_cpu, dma_sync_single_range_for_device};
position p2 : script:python () { rd_key(p2) in rd_uses };
@@

syncf@p2(...)

@rep_reg@
identifier wf = {writel, writel_relaxed, writeq, writeq_relaxed, iowrite32,
		 iowrite32be, iowrite64, iowrite64be, lo_hi_writeq, hi_lo_writeq,
		 __raw_writel, __raw_writeq};
position p2 : script:python () { rd_key(p2) in rd_uses };
@@

wf@p2(...)

// A copy into a local variable is not a use (the uses of the copy are not
// followed).

@rep_store@
expression E1 : script:python () { not rd_name(E1) };
expression E2;
position p2 : script:python () { rd_key(p2) in rd_uses };
@@

E1@p2 = E2

@rep_set@
expression E1, E2, E3;
position p2 : script:python () { rd_key(p2) in rd_uses };
@@

dma_unmap_addr_set@p2(E1, E2, E3)

@script:python@
p2 << rep_unmap.p2;
f << rep_unmap.unmapf2;
@@

rd_flag(p2, "%(x)s unmapped again by " + str(f) + "(), already unmapped on line %(l)s (double unmap)")

@script:python@
p2 << rep_sync.p2;
f << rep_sync.syncf;
@@

rd_flag(p2, "%(x)s given to " + str(f) + "() after its unmap on line %(l)s")

@script:python@
p2 << rep_reg.p2;
f << rep_reg.wf;
@@

rd_flag(p2, "%(x)s written to a register by " + str(f) + "() after its unmap on line %(l)s")

@script:python@
p2 << rep_store.p2;
E1 << rep_store.E1;
@@

rd_flag(p2, "%(x)s written to " + rd_expr(E1) + " after its unmap on line %(l)s")

@script:python@
p2 << rep_set.p2;
E1 << rep_set.E1;
E2 << rep_set.E2;
@@

rd_flag(p2, "%(x)s recorded with dma_unmap_addr_set(" + rd_expr(E1) + ", " + str(E2) + ") after its unmap on line %(l)s")

@final@
expression E;
position p2 : script:python () { rd_key(p2) in rd_final };
@@

E@p2

@depends on context@
expression final.E;
position final.p2;
@@

* E@p2

@script:python depends on report@
p2 << final.p2;
@@

if rd_key(p2) not in rd_done:
	rd_done.add(rd_key(p2))
	coccilib.report.print_report(p2[0], "ERROR: " + rd_final[rd_key(p2)][0])

@script:python depends on org@
p2 << final.p2;
@@

if rd_key(p2) not in rd_done:
	rd_done.add(rd_key(p2))
	msg, p1 = rd_final[rd_key(p2)]
	cocci.print_main(msg, p2)
	cocci.print_secs("unmapped here", p1)
