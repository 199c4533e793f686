// SPDX-License-Identifier: GPL-2.0
/// Find a streaming DMA mapping kept in a field of the driver's own
/// structure, mapped in one function and unmapped in others, and in patch
/// mode turn the field into a kcell DMA lease.  Offered when the field is
/// a dma_addr_t of a structure defined in the file, mapped at one place
/// with dma_map_single() or dma_map_page() and tested at once with
/// dma_mapping_error(), unmapped with the map's own direction and size
/// (the same text, the structure pointer's name aside), and otherwise
/// only given to the device: through lower_32_bits(), upper_32_bits(),
/// cpu_to_le32() or cpu_to_le64(), or as the value of a 32-bit register
/// write.  A statistics block, a status word or a command buffer mapped
/// when the interface opens and unmapped when it closes has this shape.
/// The field becomes a struct dma_lease named after it (FIELD_lease), the
/// map and its test dma_lease_map_grant() (or dma_lease_map_page_grant()),
/// each use dma_lease_addr() of the lease, a kcell_dma_t that sparse keeps
/// out of arithmetic and structures and that the debug mode refuses once
/// the lease is reclaimed, and each unmap dma_lease_reclaim() then
/// dma_lease_unmap().  raw_dma_to_lease offers the same for a mapping
/// whose life sits in one function.
///
/// These are offers, not bugs.  The structure must be zeroed when it is
/// allocated (kzalloc(), netdev_priv(), devm_kzalloc()): a zeroed lease is
/// an unmapped one.  Add -I for kcell's include/ directory, or copy
/// include/kcell/ beside the driver, before building the result.
//# Not offered: a field of a structure defined in a header.  The
//# conversion would have to change the header and every file that names
//# the field, and spatch applies a run's rules to a header once, with
//# whichever of its includers comes first: the decision cannot see the
//# file that maps the field (tried with --local-includes).  A field
//# mapped at more than one place (a ring's slots, a buffer
//# remapped on resume: dma_ring.h's work), or with a sync, a comparison
//# (if (priv->dma)), an assignment other than the map's, a use through a
//# pointer whose type spatch does not know, or a use through another
//# structure's field of the same name (counted as a use, since spatch
//# cannot always tell the structures apart); an unmap with another size
//# or direction (see raw_dma_unmap_mismatch).  Whether every unmap
//# follows a map on every path across functions (probe's error path,
//# close after a failed open) is not checked: a lease's debug mode
//# reports an unmap of an unmapped lease, which the raw code did
//# silently.  --no-scanner as raw_dma_to_lease.  The include of
//# <kcell/dma_lease.h> is added after <linux/dma-mapping.h> where the
//# file includes that header, else just before the structure.
///
// Confidence: Moderate
// Kind: offer
// Copyright: (C) 2026 The kcell authors.
// Comments: for drivers that call the DMA API directly; needs no macro file
// Options: --no-includes --include-headers --no-scanner

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@

import re

# Per (file, structure, field): map sites, unmap sites, all uses and the
# uses the conversion rewrites, as positions; the (direction, size) of
# each map and unmap, with the structure pointer's text replaced by "@".
fl_maps = {}
fl_unmaps = {}
fl_all = {}
fl_ok = {}
fl_shape = {}

def fl_key(p, s, f):
	return (p[0].file, str(s), str(f))

# The position of each field's map, for the report.
fl_mappos = {}

def fl_message(pf, s, f):
	unmaps = sorted(set(int(l) for fi, l, c in fl_unmaps[fl_key(pf, s, f)]))
	return "struct %s's %s is mapped here, unmapped on line(s) %s and otherwise only given to the device: -D patch makes it a kcell DMA lease" % \
		(s, f, ", ".join(str(l) for l in unmaps))

def fl_add(table, p, s, f):
	table.setdefault(fl_key(p, s, f), set()).add((p[0].file, p[0].line, p[0].column))

def fl_norm(e, x):
	t = re.sub(r"\s+", "", str(x))
	return re.sub(r"\s+", "", str(e)).replace(t, "@")

def fl_offered(p, s, f):
	k = fl_key(p, s, f)
	if len(fl_maps.get(k, ())) != 1 or not fl_unmaps.get(k):
		return False
	if len(fl_shape.get(k, ())) != 1:
		return False
	uses = fl_all.get(k, set())
	if not uses or not uses <= fl_ok.get(k, set()):
		return False
	return True

// ---------------------------------------------------------------------
// The field: a dma_addr_t of a structure of this file.
// ---------------------------------------------------------------------

@fdecl@
identifier S, F;
position pf;
@@

struct S {
  ...
  dma_addr_t F@pf;
  ...
};

// Maps, tested at once.
@fmap@
identifier fdecl.S, fdecl.F;
struct S *E;
expression dev, buf, pg, off, len, dir;
statement St;
position pm, pt;
@@

(
E->F@pm = dma_map_single(dev, buf, len, dir);
|
E->F@pm = dma_map_page(dev, pg, off, len, dir);
)
(
if (dma_mapping_error(dev, E->F@pt)) St
|
if (unlikely(dma_mapping_error(dev, E->F@pt))) St
)

@script:python@
S << fdecl.S;
F << fdecl.F;
E << fmap.E;
ln << fmap.len;
dr << fmap.dir;
pm << fmap.pm;
pt << fmap.pt;
@@
fl_add(fl_maps, pm, S, F)
fl_mappos[fl_key(pm, S, F)] = pm[0]
fl_add(fl_ok, pm, S, F)
fl_add(fl_ok, pt, S, F)
fl_shape.setdefault(fl_key(pm, S, F), set()).add((fl_norm(dr, E), fl_norm(ln, E)))

@funmap@
identifier fdecl.S, fdecl.F;
struct S *E;
expression dev, len, dir;
position pu;
@@

(
dma_unmap_single@pu(dev, E->F, len, dir);
|
dma_unmap_page@pu(dev, E->F, len, dir);
)

@script:python@
S << fdecl.S;
F << fdecl.F;
E << funmap.E;
ln << funmap.len;
dr << funmap.dir;
pu << funmap.pu;
@@
fl_add(fl_unmaps, pu, S, F)
fl_shape.setdefault(fl_key(pu, S, F), set()).add((fl_norm(dr, E), fl_norm(ln, E)))

// Every use of a field of that name, through any pointer or object.
@alluse@
identifier fdecl.F;
expression X;
position p;
@@

(
X->F@p
|
X.F@p
)

@script:python@
S << fdecl.S;
F << fdecl.F;
p << alluse.p;
@@
fl_add(fl_all, p, S, F)

@okuse@
identifier fdecl.S, fdecl.F;
struct S *E;
expression dev, X;
position p;
@@

(
lower_32_bits(E->F@p)
|
upper_32_bits(E->F@p)
|
cpu_to_le32(E->F@p)
|
cpu_to_le64(E->F@p)
|
writel(E->F@p, X)
|
writel_relaxed(E->F@p, X)
|
iowrite32(E->F@p, X)
|
dma_unmap_single(dev, E->F@p, ...)
|
dma_unmap_page(dev, E->F@p, ...)
)

@script:python@
S << fdecl.S;
F << fdecl.F;
p << okuse.p;
@@
fl_add(fl_ok, p, S, F)

@script:python offer@
S << fdecl.S;
F << fdecl.F;
pf << fdecl.pf;
fl;
pfo;
@@
if not fl_offered(pf, S, F):
	cocci.include_match(False)
else:
	coccinelle.fl = cocci.make_ident(str(F) + "_lease")
	q = pf[0]
	coccinelle.pfo = cocci.make_position(q.file, q.current_element,
					     int(q.line), int(q.column),
					     int(q.line_end), int(q.column_end))

// ---------------------------------------------------------------------
// Context mode at the field; org and report modes at the map, naming
// the unmaps.
// ---------------------------------------------------------------------

@ctx depends on context@
identifier fdecl.S, fdecl.F;
position offer.pfo;
@@

struct S {
  ...
* dma_addr_t F@pfo;
  ...
};

@script:python depends on org@
S << fdecl.S;
F << fdecl.F;
pf << fdecl.pf;
fl << offer.fl;
@@
coccilib.org.print_todo(fl_mappos[fl_key(pf, S, F)], fl_message(pf, S, F))

@script:python depends on report@
S << fdecl.S;
F << fdecl.F;
pf << fdecl.pf;
fl << offer.fl;
@@
coccilib.report.print_report(fl_mappos[fl_key(pf, S, F)], "INFO: " + fl_message(pf, S, F))

// ---------------------------------------------------------------------
// Patch mode.
// ---------------------------------------------------------------------

@cdecl depends on patch@
identifier fdecl.S, fdecl.F, offer.fl;
position fdecl.pf;
@@

struct S {
  ...
- dma_addr_t F@pf;
+ struct dma_lease fl;
  ...
};

@cmap depends on patch@
identifier fn, fdecl.S, fdecl.F, offer.fl;
struct S *E;
expression dev, buf, pg, off, len, dir;
statement St;
@@

fn(...) {
  ...
(
- E->F = dma_map_single(dev, buf, len, dir);
(
- if (dma_mapping_error(dev, E->F))
+ if (dma_lease_map_grant(&E->fl, dev, buf, len, dir, &F))
  St
|
- if (unlikely(dma_mapping_error(dev, E->F)))
+ if (unlikely(dma_lease_map_grant(&E->fl, dev, buf, len, dir, &F)))
  St
)
|
- E->F = dma_map_page(dev, pg, off, len, dir);
(
- if (dma_mapping_error(dev, E->F))
+ if (dma_lease_map_page_grant(&E->fl, dev, pg, off, len, dir, &F))
  St
|
- if (unlikely(dma_mapping_error(dev, E->F)))
+ if (unlikely(dma_lease_map_page_grant(&E->fl, dev, pg, off, len, dir, &F)))
  St
)
)
  ...
}

// The address the grant returns, declared first in the function: in its
// declarations where it has some, else followed by a blank line.
@cvar depends on patch@
identifier cmap.fn, fdecl.F;
@@

fn(...) {
+ kcell_dma_t F;
  ...
}

// A blank line after it where no other declaration follows.
@depends on patch && cvar@
identifier cmap.fn, fdecl.F;
statement S0;
@@

fn(...) {
  kcell_dma_t F;
+
  S0
  ...
}

@cuse depends on patch@
identifier fdecl.S, fdecl.F, offer.fl;
struct S *E;
expression X;
@@

(
- lower_32_bits(E->F)
+ kcell_dma_lower_32_bits(dma_lease_addr(&E->fl))
|
- upper_32_bits(E->F)
+ kcell_dma_upper_32_bits(dma_lease_addr(&E->fl))
|
- cpu_to_le32(E->F)
+ cpu_to_le32(kcell_dma_lower_32_bits(dma_lease_addr(&E->fl)))
|
- cpu_to_le64(E->F)
+ kcell_dma_to_le64(dma_lease_addr(&E->fl))
|
- writel(E->F, X)
+ writel(kcell_dma_lower_32_bits(dma_lease_addr(&E->fl)), X)
|
- writel_relaxed(E->F, X)
+ writel_relaxed(kcell_dma_lower_32_bits(dma_lease_addr(&E->fl)), X)
|
- iowrite32(E->F, X)
+ iowrite32(kcell_dma_lower_32_bits(dma_lease_addr(&E->fl)), X)
)

@cunmap depends on patch@
identifier fdecl.S, fdecl.F, offer.fl;
struct S *E;
expression dev, len, dir;
@@

(
- dma_unmap_single(dev, E->F, len, dir);
+ dma_lease_reclaim(&E->fl);
+ dma_lease_unmap(&E->fl);
|
- dma_unmap_page(dev, E->F, len, dir);
+ dma_lease_reclaim(&E->fl);
+ dma_lease_unmap(&E->fl);
)

// The header: after <linux/dma-mapping.h> where the file includes it,
// else just before the structure.
@inc depends on patch && cdecl@
@@

#include <linux/dma-mapping.h>
+#include <kcell/dma_lease.h>

@depends on patch && cdecl && !inc@
identifier fdecl.S, offer.fl;
@@

+#include <kcell/dma_lease.h>
+
struct S {
  ...
  struct dma_lease fl;
  ...
};
